import Hummingbird
import NexusDomain
import NexusEvents

extension CommandAPI {
    func registerInventoryRoutes(on builder: APIBuilder) {
        builder.add(.command(
            .post, "/inventory/{sku}/receipts", "Receive stock",
            tag: "inventory", access: "admin", body: ReceiveStockRequest.self
        )) { request, context in
            _ = try context.require(.admin)
            let body = try await body(ReceiveStockRequest.self, request)
            return try await inventoryCommand(try parameter("sku", context), .receive(quantity: body.quantity), request, context)
        }
        builder.add(.command(
            .post, "/inventory/{sku}/adjustments", "Correct on-hand stock by a signed delta",
            tag: "inventory", access: "admin", body: AdjustStockRequest.self
        )) { request, context in
            _ = try context.require(.admin)
            let body = try await body(AdjustStockRequest.self, request)
            return try await inventoryCommand(
                try parameter("sku", context), .adjust(delta: body.delta, reason: body.reason, note: body.note), request, context)
        }
    }

    private func inventoryCommand(
        _ sku: String, _ inventoryCommand: InventoryCommand, _ request: Request, _ context: NexusRequestContext
    ) async throws -> Response {
        let stream = Streams.inventory(sku)
        return try await run(request, context, stream: stream) { reader in
            let product = try await reader.fold(Streams.product(sku), ProductDecider.initialState, ProductDecider.evolve)
            return try InventoryDecider.decide(
                inventoryCommand, try await reader.fold(stream, InventoryDecider.initialState, InventoryDecider.evolve),
                product: product)
        }
    }
}
