public import NexusEvents

/// The inventory aggregate (`inventory-<SKU>`), one per product.
public enum InventoryDecider {
    /// No stock.
    public static let initialState = InventoryState()

    /// Folds one event. Stored quantities passed the decider's range checks when they were
    /// decided, so the sums stay far inside `Int`; the arithmetic wraps instead of trapping all
    /// the same, so no stored value (however it got there) can stop the fold.
    public static func evolve(_ state: InventoryState, _ event: NexusEvent) -> InventoryState {
        var next = state
        switch event {
        case .stockReceived(let e): next.onHand &+= e.quantity
        case .stockAdjusted(let e): next.onHand &+= e.delta
        case .stockReserved(let e):
            next.reserved &+= e.quantity
            next.reservations[e.orderId, default: 0] &+= e.quantity
        case .stockReservationReleased(let e):
            next.reserved &-= e.quantity
            next.reservations[e.orderId] = nil
        case .stockShipped(let e):
            next.onHand &-= e.quantity
            next.reserved &-= e.quantity
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
            try requireRepresentable(state, plus: quantity, field: "quantity")
            return [.stockReceived(StockReceived(sku: sku, quantity: quantity))]
        case .adjust(let delta, let reason, let note):
            var validator = Validator()
            validator.delta(delta, field: "delta")
            if let note { validator.text(note, field: "note", max: Validator.Limits.reason) }
            try validator.check()
            try requireRepresentable(state, plus: delta, field: "delta")
            guard state.available >= -delta else {
                throw DomainError(.insufficientStock, "the adjustment would leave less than the reserved stock", details: [
                    FieldError(field: "delta", code: "insufficient_stock",
                               message: "at most \(state.available) units can be removed"),
                ])
            }
            return [.stockAdjusted(StockAdjusted(sku: sku, delta: delta, reason: reason, note: note))]
        }
    }

    /// Refuses a change of on-hand stock by `delta` (already range-checked) that the stock
    /// levels could not hold: checked arithmetic, so the refusal replaces a trap.
    private static func requireRepresentable(_ state: InventoryState, plus delta: Int, field: String) throws(DomainError) {
        let onHand = state.onHand.addingReportingOverflow(delta)
        let available = state.onHand.subtractingReportingOverflow(state.reserved)
        let availableAfter = available.partialValue.addingReportingOverflow(delta)
        guard !onHand.overflow, !available.overflow, !availableAfter.overflow else {
            throw DomainError(.validationFailed, "the stock level cannot hold this change", details: [
                FieldError(field: field, code: "out_of_range", message: "the stock level would leave the representable range"),
            ])
        }
    }
}
