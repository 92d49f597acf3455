public import Foundation

/// A customer placed an order; stock for every line was reserved in the same append.
public struct OrderPlaced: EventPayload {
    public static let eventType = "OrderPlaced"
    public static let schemaVersion = 1
    public static let area = EventArea.orders
    public static let summary = "A customer placed an order; stock for every line was reserved in the same append."

    /// The order id.
    public var orderId: UUID
    /// The customer (user id) who placed it.
    public var customerId: UUID
    /// The ordered lines with the unit price at the time.
    public var lines: [OrderLine]
    /// The sum of the lines.
    public var total: Money
    /// When the order was placed.
    public var placedAt: Date

    /// Creates the payload.
    public init(orderId: UUID, customerId: UUID, lines: [OrderLine], total: Money, placedAt: Date) {
        self.orderId = orderId
        self.customerId = customerId
        self.lines = lines
        self.total = total
        self.placedAt = placedAt
    }

    public var streamName: String { Streams.order(orderId) }

    public static var sample: Self {
        Self(
            orderId: SampleValues.orderId, customerId: SampleValues.userId,
            lines: [OrderLine(sku: SampleValues.sku, quantity: 2, unitPrice: SampleValues.price)],
            total: Money(amountMinor: 3998, currency: "EUR"), placedAt: SampleValues.time)
    }
}
