public import Foundation

/// A paid order was shipped; its reservations became shipments.
public struct OrderShipped: EventPayload {
    public static let eventType = "OrderShipped"
    public static let schemaVersion = 1
    public static let area = EventArea.orders
    public static let summary = "A paid order was shipped; its reservations became shipments."

    /// The order id.
    public var orderId: UUID
    /// When it was shipped.
    public var shippedAt: Date

    /// Creates the payload.
    public init(orderId: UUID, shippedAt: Date) {
        self.orderId = orderId
        self.shippedAt = shippedAt
    }

    public var streamName: String { Streams.order(orderId) }

    public static var sample: Self {
        Self(
            orderId: SampleValues.orderId, shippedAt: SampleValues.time)
    }
}
