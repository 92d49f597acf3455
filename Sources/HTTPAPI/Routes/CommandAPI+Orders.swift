import Foundation
import Hummingbird
import NexusDomain
import NexusEvents

extension CommandAPI {
    func registerOrderRoutes(on builder: APIBuilder) {
        builder.add(.command(
            .post, "/orders", "Place an order: reserves stock on every line atomically, or names each short line",
            tag: "orders", access: "customer (own orders) or admin (any customer)", body: PlaceOrderRequest.self, status: 201
        )) { request, context in try await placeOrder(request, context) }
        builder.add(.command(
            .post, "/orders/{id}/pay", "Pay an order in full",
            tag: "orders", access: "the ordering customer or admin", body: PayOrderRequest.self
        )) { request, context in
            _ = try context.require(.customer, .admin)
            let body = try await body(PayOrderRequest.self, request)
            return try await orderCommand(request, context, ownerMay: true, command: .pay(amount: body.amount, at: Date()))
        }
        builder.add(.command(.post, "/orders/{id}/ship", "Ship a paid order (reservations become shipments)", tag: "orders", access: "admin")) { request, context in
            try await orderCommand(request, context, ownerMay: false, command: .ship(at: Date()))
        }
        builder.add(.command(
            .post, "/orders/{id}/cancel", "Cancel an order that has not shipped (releases its reservations)",
            tag: "orders", access: "the ordering customer or admin", body: CancelOrderRequest.self
        )) { request, context in
            _ = try context.require(.customer, .admin)
            let body = try await body(CancelOrderRequest.self, request)
            return try await orderCommand(request, context, ownerMay: true, command: .cancel(reason: body.reason, at: Date()))
        }
    }

    func placeOrder(_ request: Request, _ context: NexusRequestContext) async throws -> Response {
        let principal = try context.require(.customer, .admin)
        let body = try await body(PlaceOrderRequest.self, request)
        if let customerId = body.customerId, customerId != principal.userId, principal.role != .admin {
            throw Problem.forbidden("customers place orders only for themselves")
        }
        let customerId = body.customerId ?? principal.userId
        let orderId = UUID()
        let stream = Streams.order(orderId)
        let lines = body.lines.map { RequestedLine(sku: $0.sku, quantity: $0.quantity) }
        return try await run(request, context, stream: stream, status: .created) { reader in
            var orderContext = OrderContext(
                customer: try await reader.fold(Streams.user(customerId), UserDecider.initialState, UserDecider.evolve))
            for sku in Set(lines.map(\.sku)) where Self.isPlausibleSKU(sku) {
                orderContext.products[sku] = try await reader.fold(
                    Streams.product(sku), ProductDecider.initialState, ProductDecider.evolve)
                orderContext.inventory[sku] = try await reader.fold(
                    Streams.inventory(sku), InventoryDecider.initialState, InventoryDecider.evolve)
            }
            return try OrderDecider.decide(
                .place(orderId: orderId, customerId: customerId, lines: lines, at: Date()),
                try await reader.fold(stream, OrderDecider.initialState, OrderDecider.evolve), context: orderContext)
        }
    }

    /// Runs a command on an existing order; customers may act only on their own (`ownerMay`).
    func orderCommand(
        _ request: Request, _ context: NexusRequestContext, ownerMay: Bool, command orderCommand: OrderCommand
    ) async throws -> Response {
        let principal = ownerMay ? try context.require(.customer, .admin) : try context.require(.admin)
        let orderId = try uuidParameter("id", context)
        let stream = Streams.order(orderId)
        return try await run(request, context, stream: stream) { reader in
            let order = try await reader.fold(stream, OrderDecider.initialState, OrderDecider.evolve)
            if principal.role != .admin, let owner = order.customerId, owner != principal.userId {
                throw Problem.forbidden("customers act only on their own orders")
            }
            return try OrderDecider.decide(orderCommand, order)
        }
    }

    /// Only SKUs that could name a stream are read; the decider reports the others as invalid.
    static func isPlausibleSKU(_ sku: String) -> Bool {
        var validator = Validator()
        validator.sku(sku, field: "sku")
        return validator.errors.isEmpty
    }
}
