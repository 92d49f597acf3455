public import Foundation

/// Reserved stock left the warehouse for an order: on hand and reserved both shrink.
public struct StockShipped: EventPayload {
    public static let eventType = "StockShipped"
    public static let schemaVersion = 1
    public static let area = EventArea.inventory
    public static let summary = "Reserved stock left the warehouse for an order: on hand and reserved both shrink."

    /// The SKU.
    public var sku: String
    /// The order shipped.
    public var orderId: UUID
    /// Shipped units.
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
