import Foundation
public import NexusEvents

/// The order aggregate (`order-<uuid>`). Placing, shipping and cancelling also emit events for
/// every line's inventory stream; they are appended atomically with the order's.
public enum OrderDecider {
    /// An order that does not exist.
    public static let initialState = OrderState()

    /// Folds one event.
    public static func evolve(_ state: OrderState, _ event: NexusEvent) -> OrderState {
        var next = state
        switch event {
        case .orderPlaced(let e):
            next.orderId = e.orderId
            next.customerId = e.customerId
            next.lines = e.lines
            next.total = e.total
            next.status = .placed
        case .orderPaid: next.status = .paid
        case .orderShipped: next.status = .shipped
        case .orderCancelled: next.status = .cancelled
        default: break
        }
        return next
    }

    /// Decides a command. Placing needs `context` for every line's SKU.
    public static func decide(
        _ command: OrderCommand, _ state: OrderState, context: OrderContext = OrderContext()
    ) throws(DomainError) -> [NexusEvent] {
        switch command {
        case .place(let orderId, let customerId, let lines, let at):
            guard state.status == .none else { throw DomainError(.alreadyExists, "the order already exists") }
            return try OrderPlacement.decide(orderId: orderId, customerId: customerId, lines: lines, at: at, context: context)
        case .pay(let amount, let at):
            let orderId = try existing(state)
            guard state.status == .placed else { throw illegal("pay", state.status) }
            guard amount == state.total else {
                throw DomainError(.validationFailed, "the amount must equal the order total", details: [
                    FieldError(field: "amount", code: "mismatch",
                               message: "must be \(state.total.amountMinor) \(state.total.currency)"),
                ])
            }
            return [.orderPaid(OrderPaid(orderId: orderId, amount: amount, paidAt: at))]
        case .ship(let at):
            let orderId = try existing(state)
            guard state.status == .paid else { throw illegal("ship", state.status) }
            return [.orderShipped(OrderShipped(orderId: orderId, shippedAt: at))]
                + state.lines.map { .stockShipped(StockShipped(sku: $0.sku, orderId: orderId, quantity: $0.quantity)) }
        case .cancel(let reason, let at):
            let orderId = try existing(state)
            var validator = Validator()
            validator.text(reason, field: "reason", max: Validator.Limits.reason)
            try validator.check()
            guard state.status == .placed || state.status == .paid else { throw illegal("cancel", state.status) }
            return [.orderCancelled(OrderCancelled(orderId: orderId, reason: reason, cancelledAt: at))]
                + state.lines.map {
                    .stockReservationReleased(StockReservationReleased(sku: $0.sku, orderId: orderId, quantity: $0.quantity))
                }
        }
    }

    private static func existing(_ state: OrderState) throws(DomainError) -> UUID {
        guard let orderId = state.orderId else { throw DomainError(.notFound, "no such order") }
        return orderId
    }

    private static func illegal(_ action: String, _ status: OrderState.Status) -> DomainError {
        DomainError(.invalidTransition, "cannot \(action) an order that is \(status.rawValue)")
    }
}
