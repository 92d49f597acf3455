import Foundation
import NexusDomain
import NexusEvents
import Testing

@Suite("Order decider")
struct OrderDeciderTests {
    let context = OrderContext(
        customer: Fixture.user(),
        products: ["A": Fixture.product("A"), "B": Fixture.product("B", price: Money(amountMinor: 300, currency: "EUR"))],
        inventory: ["A": Fixture.stock("A", onHand: 5), "B": Fixture.stock("B", onHand: 3, reservedBy: 2)])

    func place(_ lines: [RequestedLine]) -> OrderCommand {
        .place(orderId: Fixture.orderId, customerId: Fixture.userId, lines: lines, at: Fixture.now)
    }

    var placed: OrderState {
        get throws {
            let events = try OrderDecider.decide(place([RequestedLine(sku: "A", quantity: 2)]), OrderDecider.initialState, context: context)
            return given(OrderDecider.initialState, OrderDecider.evolve, events)
        }
    }

    @Test func placingReservesEveryLineAtTheCurrentPrice() throws {
        let events = try OrderDecider.decide(
            place([RequestedLine(sku: "A", quantity: 2), RequestedLine(sku: "B", quantity: 1)]),
            OrderDecider.initialState, context: context)
        #expect(events == [
            .orderPlaced(OrderPlaced(
                orderId: Fixture.orderId, customerId: Fixture.userId,
                lines: [
                    OrderLine(sku: "A", quantity: 2, unitPrice: Fixture.eur),
                    OrderLine(sku: "B", quantity: 1, unitPrice: Money(amountMinor: 300, currency: "EUR")),
                ],
                total: Money(amountMinor: 2800, currency: "EUR"), placedAt: Fixture.now)),
            .stockReserved(StockReserved(sku: "A", orderId: Fixture.orderId, quantity: 2)),
            .stockReserved(StockReserved(sku: "B", orderId: Fixture.orderId, quantity: 1)),
        ])
        #expect(events.map(\.streamName) == [Streams.order(Fixture.orderId), "inventory-A", "inventory-B"])
    }

    @Test func everyShortLineIsNamedAndNothingIsEmitted() {
        expectRejection(.insufficientStock, fields: ["lines[0].quantity", "lines[1].quantity"]) { () throws(DomainError) in
            try OrderDecider.decide(
                place([RequestedLine(sku: "A", quantity: 6), RequestedLine(sku: "B", quantity: 2)]),
                OrderDecider.initialState, context: context)
        }
    }

    @Test func unknownAndDiscontinuedSKUsAreNamed() {
        var context = context
        context.products["OLD"] = Fixture.product("OLD", discontinued: true)
        expectRejection(.unknownReference, fields: ["lines[0].sku", "lines[1].sku"]) { () throws(DomainError) in
            try OrderDecider.decide(
                place([RequestedLine(sku: "NOPE", quantity: 1), RequestedLine(sku: "OLD", quantity: 1)]),
                OrderDecider.initialState, context: context)
        }
    }

    @Test func invalidLinesAreRejected() {
        expectRejection(.validationFailed, fields: ["lines"]) { () throws(DomainError) in
            try OrderDecider.decide(place([]), OrderDecider.initialState, context: context)
        }
        expectRejection(.validationFailed, fields: ["lines[0].quantity", "lines[1].quantity", "lines[2].sku"]) {
            () throws(DomainError) in
            try OrderDecider.decide(
                place([RequestedLine(sku: "A", quantity: 0), RequestedLine(sku: "B", quantity: -1),
                       RequestedLine(sku: "bad sku", quantity: 1)]),
                OrderDecider.initialState, context: context)
        }
        expectRejection(.validationFailed, fields: ["lines[1].sku"]) { () throws(DomainError) in
            try OrderDecider.decide(
                place([RequestedLine(sku: "A", quantity: 1), RequestedLine(sku: "A", quantity: 1)]),
                OrderDecider.initialState, context: context)
        }
        let tooMany = (0...Validator.Limits.orderLines).map { RequestedLine(sku: "S\($0)", quantity: 1) }
        expectRejection(.validationFailed, fields: ["lines"]) { () throws(DomainError) in
            try OrderDecider.decide(place(tooMany), OrderDecider.initialState, context: context)
        }
    }

    @Test func mixedCurrenciesAreRejected() {
        var context = context
        context.products["USD"] = Fixture.product("USD", price: Money(amountMinor: 100, currency: "USD"))
        context.inventory["USD"] = Fixture.stock("USD", onHand: 10)
        expectRejection(.validationFailed, fields: ["lines"]) { () throws(DomainError) in
            try OrderDecider.decide(
                place([RequestedLine(sku: "A", quantity: 1), RequestedLine(sku: "USD", quantity: 1)]),
                OrderDecider.initialState, context: context)
        }
    }

    @Test func placingTwiceIsRejected() throws {
        let state = try placed
        expectRejection(.alreadyExists) { () throws(DomainError) in
            try OrderDecider.decide(place([RequestedLine(sku: "A", quantity: 1)]), state, context: context)
        }
    }

    @Test func payShipLifecycle() throws {
        var state = try placed
        let total = Money(amountMinor: 2500, currency: "EUR")
        expectRejection(.invalidTransition) { () throws(DomainError) in try OrderDecider.decide(.ship(at: Fixture.now), state) }
        expectRejection(.validationFailed, fields: ["amount"]) { () throws(DomainError) in
            try OrderDecider.decide(.pay(amount: Money(amountMinor: 1, currency: "EUR"), at: Fixture.now), state)
        }
        let paid = try OrderDecider.decide(.pay(amount: total, at: Fixture.now), state)
        #expect(paid == [.orderPaid(OrderPaid(orderId: Fixture.orderId, amount: total, paidAt: Fixture.now))])
        state = given(state, OrderDecider.evolve, paid)
        expectRejection(.invalidTransition) { () throws(DomainError) in
            try OrderDecider.decide(.pay(amount: total, at: Fixture.now), state)
        }
        let shipped = try OrderDecider.decide(.ship(at: Fixture.now), state)
        #expect(shipped == [
            .orderShipped(OrderShipped(orderId: Fixture.orderId, shippedAt: Fixture.now)),
            .stockShipped(StockShipped(sku: "A", orderId: Fixture.orderId, quantity: 2)),
        ])
        state = given(state, OrderDecider.evolve, shipped)
        expectRejection(.invalidTransition) { () throws(DomainError) in
            try OrderDecider.decide(.cancel(reason: "too late", at: Fixture.now), state)
        }
        expectRejection(.invalidTransition) { () throws(DomainError) in try OrderDecider.decide(.ship(at: Fixture.now), state) }
    }

    @Test func cancellingReleasesEveryReservationOnce() throws {
        var state = try placed
        expectRejection(.validationFailed, fields: ["reason"]) { () throws(DomainError) in
            try OrderDecider.decide(.cancel(reason: "", at: Fixture.now), state)
        }
        let cancelled = try OrderDecider.decide(.cancel(reason: "changed my mind", at: Fixture.now), state)
        #expect(cancelled == [
            .orderCancelled(OrderCancelled(orderId: Fixture.orderId, reason: "changed my mind", cancelledAt: Fixture.now)),
            .stockReservationReleased(StockReservationReleased(sku: "A", orderId: Fixture.orderId, quantity: 2)),
        ])
        state = given(state, OrderDecider.evolve, cancelled)
        expectRejection(.invalidTransition) { () throws(DomainError) in
            try OrderDecider.decide(.cancel(reason: "again", at: Fixture.now), state)
        }
        expectRejection(.invalidTransition) { () throws(DomainError) in
            try OrderDecider.decide(.pay(amount: Money(amountMinor: 2500, currency: "EUR"), at: Fixture.now), state)
        }
    }

    @Test func commandsOnAnUnknownOrderAreRejected() {
        let commands: [OrderCommand] = [
            .pay(amount: Fixture.eur, at: Fixture.now), .ship(at: Fixture.now), .cancel(reason: "x", at: Fixture.now),
        ]
        for command in commands {
            expectRejection(.notFound) { () throws(DomainError) in try OrderDecider.decide(command, OrderDecider.initialState) }
        }
    }

    @Test func aTotalThatOverflowsIsRejected() {
        let context = OrderContext(
            customer: Fixture.user(),
            products: ["A": Fixture.product("A", price: Money(amountMinor: .max / 2, currency: "EUR"))],
            inventory: ["A": Fixture.stock("A", onHand: 10)])
        expectRejection(.validationFailed, fields: ["lines"]) { () throws(DomainError) in
            try OrderDecider.decide(place([RequestedLine(sku: "A", quantity: 3)]), OrderDecider.initialState, context: context)
        }
    }

    @Test(arguments: [
        ("unknown", UserState()), ("deactivated", Fixture.user(active: false)),
        ("not_a_customer", Fixture.user(.admin)), ("not_a_customer", Fixture.user(.auditor)),
    ])
    func ordersAreOnlyForActiveCustomers(code: String, customer: UserState) {
        var context = context
        context.customer = customer
        do {
            let events = try OrderDecider.decide(place([RequestedLine(sku: "A", quantity: 1)]), OrderDecider.initialState, context: context)
            Issue.record("expected a refusal, got \(events)")
        } catch {
            #expect(error.code == .unknownReference)
            #expect(error.details == [FieldError(field: "customerId", code: code, message: error.details.first?.message ?? "")])
        }
    }

    @Test func extremeQuantitiesAreRefusedNotTrappedOn() {
        expectRejection(.validationFailed, fields: ["lines[0].quantity", "lines[1].quantity"]) { () throws(DomainError) in
            try OrderDecider.decide(
                place([RequestedLine(sku: "A", quantity: .min), RequestedLine(sku: "B", quantity: .max)]),
                OrderDecider.initialState, context: context)
        }
    }
}
