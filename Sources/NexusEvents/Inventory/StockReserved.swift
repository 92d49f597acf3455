public import Foundation

/// Stock was reserved for an order line.
public struct StockReserved: EventPayload {
    public static let eventType = "StockReserved"
    public static let schemaVersion = 1
    public static let area = EventArea.inventory
    public static let summary = "Stock was reserved for an order line."

    /// The SKU.
    public var sku: String
    /// The order holding the reservation.
    public var orderId: UUID
    /// Reserved units (> 0).
    public var quantity: Int

    /// Creates the payload.
    public init(sku: String, orderId: UUID, quantity: Int) {
        self.sku = sku
        self.orderId = orderId
        self.quantity = quantity
    }

    public var streamName: String { Streams.inventory(sku) }

    public static var sample: Self {
        Self(
            sku: SampleValues.sku, orderId: SampleValues.orderId, quantity: 2)
    }
}
