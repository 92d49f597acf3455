public import NexusEvents

/// What can be asked of an inventory item directly (reservations come from orders).
public enum InventoryCommand: Sendable, Equatable {
    /// Goods arrived.
    case receive(quantity: Int)
    /// Correct on-hand stock by a signed delta.
    case adjust(delta: Int, reason: AdjustmentReason, note: String?)
}
