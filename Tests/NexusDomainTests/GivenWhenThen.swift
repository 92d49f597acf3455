import Foundation
import NexusDomain
import NexusEvents
import Testing

/// Folds `events` from `initial`: the "given" of a decider test.
func given<State>(_ initial: State, _ evolve: (State, NexusEvent) -> State, _ events: [NexusEvent]) -> State {
    events.reduce(initial, evolve)
}

/// Asserts that `decision` is refused with `code` and exactly the given field names (any order).
func expectRejection(
    _ code: DomainError.Code, fields: [String] = [],
    sourceLocation: SourceLocation = #_sourceLocation,
    _ decision: () throws(DomainError) -> [NexusEvent]
) {
    do {
        let events = try decision()
        Issue.record("expected \(code), got \(events)", sourceLocation: sourceLocation)
    } catch {
        #expect(error.code == code, sourceLocation: sourceLocation)
        #expect(Set(error.details.map(\.field)) == Set(fields), sourceLocation: sourceLocation)
    }
}

/// Fixed values for tests.
enum Fixture {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)
    static let userId = UUID(uuidString: "00000000-0000-0000-0000-0000000000A1")!
    static let orderId = UUID(uuidString: "00000000-0000-0000-0000-0000000000B1")!
    static let eur = Money(amountMinor: 1250, currency: "EUR")

    static func product(_ sku: String, price: Money = eur, discontinued: Bool = false) -> ProductState {
        var events: [NexusEvent] = [.productCreated(ProductCreated(
            sku: sku, name: "Product \(sku)", description: "", price: price, categorySlug: "tools"))]
        if discontinued { events.append(.productDiscontinued(ProductDiscontinued(sku: sku, discontinuedAt: now))) }
        return given(ProductDecider.initialState, ProductDecider.evolve, events)
    }

    /// A registered user as the domain sees it (active unless said otherwise).
    static func user(_ role: UserRole = .customer, id: UUID = userId, active: Bool = true) -> UserState {
        var user = UserState()
        user.userId = id
        user.role = role
        user.isActive = active
        return user
    }

    static func stock(_ sku: String, onHand: Int, reservedBy other: Int = 0) -> InventoryState {
        var events: [NexusEvent] = [.stockReceived(StockReceived(sku: sku, quantity: onHand))]
        if other > 0 { events.append(.stockReserved(StockReserved(sku: sku, orderId: UUID(), quantity: other))) }
        return given(InventoryDecider.initialState, InventoryDecider.evolve, events)
    }
}
