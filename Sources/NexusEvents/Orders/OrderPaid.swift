public import Foundation

/// An order was paid in full.
public struct OrderPaid: EventPayload {
    public static let eventType = "OrderPaid"
    public static let schemaVersion = 1
    public static let area = EventArea.orders
    public static let summary = "An order was paid in full."

    /// The order id.
    public var orderId: UUID
    /// The amount paid (equals the order total).
    public var amount: Money
    /// When it was paid.
    public var paidAt: Date

    /// Creates the payload.
    public init(orderId: UUID, amount: Money, paidAt: Date) {
        self.orderId = orderId
        self.amount = amount
        self.paidAt = paidAt
    }

    public var streamName: String { Streams.order(orderId) }

    public static var sample: Self {
        Self(
            orderId: SampleValues.orderId, amount: Money(amountMinor: 3998, currency: "EUR"), paidAt: SampleValues.time)
    }
}
