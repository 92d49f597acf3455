import NexusEvents

/// How an inventory event moves stock: deltas of on-hand and reserved quantities.
struct StockMovement: Sendable, Equatable {
    var sku: String
    var onHand: Int64
    var reserved: Int64
    /// The event type that moved the stock.
    var kind: String

    /// The movement of an inventory event, `nil` for other events. Negation wraps (`Int64.min`
    /// stays itself) so that no stored quantity can trap a projection worker.
    init?(_ event: NexusEvent) {
        switch event {
        case .stockReceived(let e): self.init(sku: e.sku, onHand: Int64(e.quantity), reserved: 0, kind: event.eventType)
        case .stockAdjusted(let e): self.init(sku: e.sku, onHand: Int64(e.delta), reserved: 0, kind: event.eventType)
        case .stockReserved(let e): self.init(sku: e.sku, onHand: 0, reserved: Int64(e.quantity), kind: event.eventType)
        case .stockReservationReleased(let e):
            self.init(sku: e.sku, onHand: 0, reserved: 0 &- Int64(e.quantity), kind: event.eventType)
        case .stockShipped(let e):
            self.init(sku: e.sku, onHand: 0 &- Int64(e.quantity), reserved: 0 &- Int64(e.quantity), kind: event.eventType)
        default: return nil
        }
    }

    init(sku: String, onHand: Int64, reserved: Int64, kind: String) {
        self.sku = sku
        self.onHand = onHand
        self.reserved = reserved
        self.kind = kind
    }

    /// The inventory event types.
    static let eventTypes: Set<String> = [
        StockReceived.eventType, StockAdjusted.eventType, StockReserved.eventType,
        StockReservationReleased.eventType, StockShipped.eventType,
    ]
}
