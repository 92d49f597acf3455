public import Foundation

/// Stock of one SKU, folded from its `inventory-<SKU>` stream.
/// Invariant: ``available`` = on hand − reserved is never negative.
public struct InventoryState: Sendable, Equatable {
    /// Units in the warehouse (including reserved ones).
    public var onHand = 0
    /// Units promised to open orders.
    public var reserved = 0
    /// Reserved units per order.
    public var reservations: [UUID: Int] = [:]

    /// Units that can still be promised (wrapping, like ``InventoryDecider/evolve(_:_:)``: a
    /// fold never traps).
    public var available: Int { onHand &- reserved }

    /// No stock.
    public init() {}
}
