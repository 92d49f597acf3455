import Foundation
import Hummingbird
import Projections

extension QueryAPI {
    func registerUserRoutes(on builder: APIBuilder) {
        let users = UsersProjection()
        let orders = OrdersProjection()
        builder.add(RouteDoc(
            .get, "/users", summary: "Every user (never password hashes), by id with cursor paging",
            tag: "queries", access: "admin", success: (200, Self.schema(Page<UserResponse>.self)), errors: Self.readErrors
        )) { request, context in
            _ = try context.require(.admin)
            var parameters = QueryParameters(request)
            let limit = parameters.limit(max: configuration.maxLimit, fallback: configuration.defaultLimit)
            let cursor = parameters.cursor { UUID(uuidString: $0) != nil }.flatMap(UUID.init(uuidString:))
            try parameters.check()
            let position = try await readPosition(request, [users])
            let page = try await queries.users(after: cursor, limit: limit)
            return Self.respond(
                Page(items: page.items.map(UserResponse.init), nextCursor: PageCursor.encode(page.nextCursor)), readPosition: position)
        }
        builder.add(RouteDoc(
            .get, "/users/{id}", summary: "One user (ETag / If-None-Match)",
            tag: "queries", access: "the user themself or admin", success: (200, Self.schema(UserResponse.self)), errors: Self.singleErrors
        )) { request, context in
            let principal = try context.require(.admin, .customer, .auditor)
            let id = try Self.uuid("id", context)
            guard principal.role == .admin || principal.userId == id else { throw Problem.forbidden("only your own account") }
            let position = try await readPosition(request, [users])
            guard let user = try await queries.user(id: id) else { throw Problem.notFound("no user \(id.uuidString.lowercased())") }
            return Self.respondSingle(UserResponse(user), readPosition: position, request: request)
        }
        builder.add(RouteDoc(
            .get, "/users/{id}/orders", summary: "A customer's orders, oldest first, with cursor paging",
            tag: "queries", access: "the user themself or admin", success: (200, Self.schema(Page<OrderResponse>.self)), errors: Self.readErrors
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
            return Self.respond(
                Page(items: page.items.map(OrderResponse.init), nextCursor: PageCursor.encode(page.nextCursor)), readPosition: position)
        }
        builder.add(RouteDoc(
            .get, "/orders/{id}", summary: "One order (ETag / If-None-Match)",
            tag: "queries", access: "the order's customer or admin", success: (200, Self.schema(OrderResponse.self)), errors: Self.singleErrors
        )) { request, context in
            let principal = try context.require(.admin, .customer, .auditor)
            let id = try Self.uuid("id", context)
            let position = try await readPosition(request, [orders])
            guard let order = try await queries.order(id: id) else { throw Problem.notFound("no order \(id.uuidString.lowercased())") }
            guard principal.role == .admin || principal.userId == order.customerId else { throw Problem.forbidden("only your own orders") }
            return Self.respondSingle(OrderResponse(order), readPosition: position, request: request)
        }
    }
}
