import Foundation
import Hummingbird
import Projections

extension QueryAPI {
    func registerUserRoutes(on builder: APIBuilder) {
        let users = UsersProjection()
        let orders = OrdersProjection()
        builder.add(.readModel(
            "/users", "Every user (never password hashes), by id with cursor paging",
            access: "admin", schema: Self.schema(Page<UserResponse>.self), single: false, parameters: RouteDoc.paging(configuration)
        )) { request, context in
            _ = try context.require(.admin)
            var parameters = QueryParameters(request)
            let limit = parameters.limit(max: configuration.maxLimit, fallback: configuration.defaultLimit)
            let cursor = parameters.cursor { UUID(uuidString: $0) != nil }.flatMap(UUID.init(uuidString:))
            try parameters.check()
            let position = try await readPosition(request, [users])
            let page = try await queries.users(after: cursor, limit: limit)
            return try Self.respond(
                Page(items: try await revealed(page.items).map(UserResponse.init), nextCursor: PageCursor.encode(page.nextCursor)), readPosition: position)
        }
        builder.add(.readModel(
            "/users/{id}", "One user", access: "the user themself or admin", schema: Self.schema(UserResponse.self), single: true
        )) { request, context in
            let principal = try context.require(.admin, .customer, .auditor)
            let id = try Self.uuid("id", context)
            guard principal.role == .admin || principal.userId == id else { throw Problem.forbidden("only your own account") }
            let position = try await readPosition(request, [users])
            guard let user = try await queries.user(id: id) else { throw Problem.notFound("no user \(id.uuidString.lowercased())") }
            return try Self.respondSingle(UserResponse(try await revealed([user])[0]), readPosition: position, request: request)
        }
        builder.add(.readModel(
            "/users/{id}/orders", "A customer's orders, oldest first, with cursor paging",
            access: "the user themself or admin", schema: Self.schema(Page<OrderResponse>.self), single: false, parameters: RouteDoc.paging(configuration)
        )) { request, context in
            let principal = try context.require(.admin, .customer, .auditor)
            let id = try Self.uuid("id", context)
            guard principal.role == .admin || principal.userId == id else { throw Problem.forbidden("only your own orders") }
            var parameters = QueryParameters(request)
            let limit = parameters.limit(max: configuration.maxLimit, fallback: configuration.defaultLimit)
            let cursor = parameters.cursor { UUID(uuidString: $0) != nil }.flatMap(UUID.init(uuidString:))
            try parameters.check()
            let position = try await readPosition(request, [orders])
            let page = try await queries.orders(customer: id, after: cursor, limit: limit)
            return try Self.respond(
                Page(items: page.items.map(OrderResponse.init), nextCursor: PageCursor.encode(page.nextCursor)), readPosition: position)
        }
        builder.add(.readModel(
            "/orders/{id}", "One order", access: "the order's customer or admin", schema: Self.schema(OrderResponse.self), single: true
        )) { request, context in
            let principal = try context.require(.admin, .customer, .auditor)
            let id = try Self.uuid("id", context)
            let position = try await readPosition(request, [orders])
            guard let order = try await queries.order(id: id) else { throw Problem.notFound("no order \(id.uuidString.lowercased())") }
            guard principal.role == .admin || principal.userId == order.customerId else { throw Problem.forbidden("only your own orders") }
            return try Self.respondSingle(OrderResponse(order), readPosition: position, request: request)
        }
    }

    /// `users` with their personal fields opened (or the erased marker).
    func revealed(_ users: [UserView]) async throws -> [UserView] {
        let texts: [String]
        do {
            texts = try await vault.reveal(users.flatMap { [$0.email, $0.name] })
        } catch {
            throw Problem.unavailable("personal data keys cannot be read")
        }
        return users.enumerated().map { index, user in
            var user = user
            user.email = texts[2 * index]
            user.name = texts[2 * index + 1]
            return user
        }
    }
}
