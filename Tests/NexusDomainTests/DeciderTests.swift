import NexusDomain
import NexusEvents
import Testing

/// Every aggregate is a ``Decider``: code written once against the protocol (a given/when/then,
/// a fold of a stream) works for all of them and agrees with each decider's own functions.
@Suite("Every aggregate's decider conforms to Decider")
struct DeciderTests {
    /// Given `events`, when `command` is decided with `context`: the events, through the protocol only.
    private func when<D: Decider>(
        _: D.Type, given events: [NexusEvent], _ command: D.Command, _ context: D.Context
    ) throws(DomainError) -> [NexusEvent] {
        try D.decide(command, D.fold(events), context)
    }

    @Test func foldingNothingIsTheInitialState() {
        #expect(CategoryDecider.fold([]) == CategoryDecider.initialState)
        #expect(ProductDecider.fold([]) == ProductDecider.initialState)
        #expect(InventoryDecider.fold([]) == InventoryDecider.initialState)
        #expect(OrderDecider.fold([]) == OrderDecider.initialState)
        #expect(UserDecider.fold([]) == UserDecider.initialState)
    }

    @Test func foldIsEvolveOverTheEvents() {
        let events: [NexusEvent] = [
            .stockReceived(StockReceived(sku: "A", quantity: 5)),
            .stockAdjusted(StockAdjusted(sku: "A", delta: -2, reason: .damaged, note: nil)),
        ]
        #expect(InventoryDecider.fold(events) == given(InventoryDecider.initialState, InventoryDecider.evolve, events))
        let later: [NexusEvent] = [.stockReceived(StockReceived(sku: "A", quantity: 1))]
        #expect(InventoryDecider.fold(later, from: InventoryDecider.fold(events)) == InventoryDecider.fold(events + later))
    }

    @Test func theProtocolDecidesAsTheDeciderItself() throws {
        let product = Fixture.product("A")
        let received = try when(InventoryDecider.self, given: [], .receive(quantity: 3), product)
        #expect(received == (try InventoryDecider.decide(.receive(quantity: 3), InventoryDecider.initialState, product: product)))
        let created = try when(CategoryDecider.self, given: [], .create(slug: "tools", name: "Tools", parentSlug: nil), CategoryDecider.initialState)
        #expect(created == (try CategoryDecider.decide(.create(slug: "tools", name: "Tools", parentSlug: nil), CategoryDecider.initialState)))
    }

    @Test func aRefusalComesThroughTheProtocolToo() {
        expectRejection(.validationFailed, fields: ["quantity"]) { () throws(DomainError) in
            try when(InventoryDecider.self, given: [], .receive(quantity: 0), Fixture.product("A"))
        }
    }
}
