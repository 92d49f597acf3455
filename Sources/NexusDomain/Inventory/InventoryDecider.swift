public import NexusEvents

/// The inventory aggregate (`inventory-<SKU>`), one per product.
public enum InventoryDecider {
    /// No stock.
    public static let initialState = InventoryState()

    /// Folds one event.
    public static func evolve(_ state: InventoryState, _ event: NexusEvent) -> InventoryState {
        var next = state
        switch event {
        case .stockReceived(let e): next.onHand += e.quantity
        case .stockAdjusted(let e): next.onHand += e.delta
        case .stockReserved(let e):
            next.reserved += e.quantity
            next.reservations[e.orderId, default: 0] += e.quantity
        case .stockReservationReleased(let e):
            next.reserved -= e.quantity
            next.reservations[e.orderId] = nil
        case .stockShipped(let e):
            next.onHand -= e.quantity
            next.reserved -= e.quantity
            next.reservations[e.orderId] = nil
        default: break
        }
        return next
    }

    /// Decides a command; the product must exist (stock is received only for products on sale).
    public static func decide(
        _ command: InventoryCommand, _ state: InventoryState, product: ProductState
    ) throws(DomainError) -> [NexusEvent] {
        guard let sku = product.sku else { throw DomainError(.notFound, "no such product") }
        switch command {
        case .receive(let quantity):
            var validator = Validator()
            validator.quantity(quantity, field: "quantity")
            try validator.check()
            guard !product.isDiscontinued else {
                throw DomainError(.invalidTransition, "the product is discontinued")
            }
            return [.stockReceived(StockReceived(sku: sku, quantity: quantity))]
        case .adjust(let delta, let reason, let note):
            var validator = Validator()
            if delta == 0 || abs(delta) > Validator.Limits.quantity {
                validator.fail("delta", "out_of_range", "must be non-zero and at most \(Validator.Limits.quantity) either way")
            }
            if let note { validator.text(note, field: "note", max: Validator.Limits.reason) }
            try validator.check()
            guard state.available + delta >= 0 else {
                throw DomainError(.insufficientStock, "the adjustment would leave less than the reserved stock", details: [
                    FieldError(field: "delta", code: "insufficient_stock",
                               message: "at most \(state.available) units can be removed"),
                ])
            }
            return [.stockAdjusted(StockAdjusted(sku: sku, delta: delta, reason: reason, note: note))]
        }
    }
}
