public import Foundation

/// The reservation of an order was released because the order was cancelled.
public struct StockReservationReleased: EventPayload {
    public static let eventType = "StockReservationReleased"
    public static let schemaVersion = 1
    public static let area = EventArea.inventory
    public static let summary = "The reservation of an order was released because the order was cancelled."

    /// The SKU.
    public var sku: String
    /// The order whose reservation was released.
    public var orderId: UUID
    /// Released units.
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
