public import Foundation
public import NexusEvents

/// An order, folded from its `order-<uuid>` stream.
public struct OrderState: Sendable, Equatable {
    /// Where an order is in its life.
    public enum Status: String, Sendable, Equatable {
        case none, placed, paid, shipped, cancelled
    }

    /// The order id, once placed.
    public var orderId: UUID?
    /// Who placed it.
    public var customerId: UUID?
    /// The lines with their prices.
    public var lines: [OrderLine] = []
    /// The total.
    public var total = Money(amountMinor: 0, currency: "")
    /// The status.
    public var status = Status.none

    /// An order that does not exist.
    public init() {}
}
