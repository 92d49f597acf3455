import NexusEvents

/// `POST /inventory/{sku}/receipts`.
struct ReceiveStockRequest: Codable, Sendable {
    var quantity: Int
}

/// `POST /inventory/{sku}/adjustments`.
struct AdjustStockRequest: Codable, Sendable {
    var delta: Int
    var reason: AdjustmentReason
    var note: String?
}
