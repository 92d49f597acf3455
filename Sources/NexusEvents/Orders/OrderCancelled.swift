public import Foundation

/// An order was cancelled before shipping; its reservations were released.
public struct OrderCancelled: EventPayload {
    public static let eventType = "OrderCancelled"
    public static let schemaVersion = 1
    public static let area = EventArea.orders
    public static let summary = "An order was cancelled before shipping; its reservations were released."

    /// The order id.
    public var orderId: UUID
    /// Why it was cancelled.
    public var reason: String
    /// When it was cancelled.
    public var cancelledAt: Date

    /// Creates the payload.
    public init(orderId: UUID, reason: String, cancelledAt: Date) {
        self.orderId = orderId
        self.reason = reason
        self.cancelledAt = cancelledAt
    }

    public var streamName: String { Streams.order(orderId) }

    public static var sample: Self {
        Self(
            orderId: SampleValues.orderId, reason: "customer changed their mind", cancelledAt: SampleValues.time)
    }
}
