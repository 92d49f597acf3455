import Foundation
import NexusDomain
import NexusEvents
import Testing

@Suite("Inventory decider")
struct InventoryDeciderTests {
    let hammer = Fixture.product("HAM-1")

    @Test func receivingStock() throws {
        let events = try InventoryDecider.decide(.receive(quantity: 5), InventoryDecider.initialState, product: hammer)
        #expect(events == [.stockReceived(StockReceived(sku: "HAM-1", quantity: 5))])
        #expect(events.map(\.streamName) == ["inventory-HAM-1"])
        #expect(given(InventoryDecider.initialState, InventoryDecider.evolve, events).available == 5)
    }

    @Test(arguments: [0, -1, 100_001])
    func nonPositiveOrHugeQuantitiesAreRejected(quantity: Int) {
        expectRejection(.validationFailed, fields: ["quantity"]) { () throws(DomainError) in
            try InventoryDecider.decide(.receive(quantity: quantity), InventoryDecider.initialState, product: hammer)
        }
    }

    @Test func stockForUnknownOrDiscontinuedProductsIsRejected() {
        expectRejection(.notFound) { () throws(DomainError) in
            try InventoryDecider.decide(.receive(quantity: 1), InventoryDecider.initialState, product: ProductState())
        }
        expectRejection(.invalidTransition) { () throws(DomainError) in
            try InventoryDecider.decide(
                .receive(quantity: 1), InventoryDecider.initialState, product: Fixture.product("OLD", discontinued: true))
        }
    }

    @Test func adjustingBothWays() throws {
        let stock = Fixture.stock("HAM-1", onHand: 10, reservedBy: 4)
        #expect(try InventoryDecider.decide(.adjust(delta: -6, reason: .damaged, note: nil), stock, product: hammer)
            == [.stockAdjusted(StockAdjusted(sku: "HAM-1", delta: -6, reason: .damaged, note: nil))])
        #expect(try InventoryDecider.decide(.adjust(delta: 3, reason: .found, note: "shelf"), stock, product: hammer)
            == [.stockAdjusted(StockAdjusted(sku: "HAM-1", delta: 3, reason: .found, note: "shelf"))])
    }

    @Test func anAdjustmentBelowTheReservedStockIsRejected() {
        let stock = Fixture.stock("HAM-1", onHand: 10, reservedBy: 4)
        expectRejection(.insufficientStock, fields: ["delta"]) { () throws(DomainError) in
            try InventoryDecider.decide(.adjust(delta: -7, reason: .lost, note: nil), stock, product: hammer)
        }
    }

    @Test func zeroDeltasAndBadNotesAreRejected() {
        expectRejection(.validationFailed, fields: ["delta", "note"]) { () throws(DomainError) in
            try InventoryDecider.decide(
                .adjust(delta: 0, reason: .other, note: String(repeating: "n", count: 501)),
                InventoryDecider.initialState, product: hammer)
        }
    }

    @Test func reservationsReleasesAndShipmentsKeepTheBooks() {
        let order = UUID()
        let state = given(InventoryDecider.initialState, InventoryDecider.evolve, [
            .stockReceived(StockReceived(sku: "HAM-1", quantity: 10)),
            .stockReserved(StockReserved(sku: "HAM-1", orderId: order, quantity: 3)),
            .stockReserved(StockReserved(sku: "HAM-1", orderId: UUID(), quantity: 2)),
            .stockShipped(StockShipped(sku: "HAM-1", orderId: order, quantity: 3)),
        ])
        #expect(state.onHand == 7)
        #expect(state.reserved == 2)
        #expect(state.available == 5)
        #expect(state.reservations[order] == nil)
    }
}

@Suite("Inventory decider: extreme numbers are refused, never trapped on")
struct InventoryExtremeNumberTests {
    let hammer = Fixture.product("HAM-1")

    @Test(arguments: [Int.min, Int.min + 1, -100_001, 100_001, Int.max])
    func adjustmentsOutsideTheRangeAreRefused(delta: Int) {
        expectRejection(.validationFailed, fields: ["delta"]) { () throws(DomainError) in
            try InventoryDecider.decide(
                .adjust(delta: delta, reason: .damaged, note: nil), Fixture.stock("HAM-1", onHand: 10), product: hammer)
        }
    }

    @Test(arguments: [Int.min, Int.max])
    func receiptsOutsideTheRangeAreRefused(quantity: Int) {
        expectRejection(.validationFailed, fields: ["quantity"]) { () throws(DomainError) in
            try InventoryDecider.decide(.receive(quantity: quantity), InventoryDecider.initialState, product: hammer)
        }
    }

    @Test func storedExtremesFoldWithoutTrappingAndChangesThatWouldOverflowAreRefused() {
        // Given stored quantities no decider would accept today (an old or forged log).
        let full = given(InventoryDecider.initialState, InventoryDecider.evolve, [
            .stockReceived(StockReceived(sku: "HAM-1", quantity: Int.max)),
        ])
        #expect(full.available == Int.max)
        let wrapped = given(InventoryDecider.initialState, InventoryDecider.evolve, [
            .stockReceived(StockReceived(sku: "HAM-1", quantity: Int.max)),
            .stockAdjusted(StockAdjusted(sku: "HAM-1", delta: Int.max, reason: .found, note: nil)),
            .stockReserved(StockReserved(sku: "HAM-1", orderId: Fixture.orderId, quantity: Int.min)),
            .stockShipped(StockShipped(sku: "HAM-1", orderId: UUID(), quantity: Int.min)),
        ])
        _ = wrapped.available
        // When more stock arrives, then it is refused instead of overflowing.
        expectRejection(.validationFailed, fields: ["quantity"]) { () throws(DomainError) in
            try InventoryDecider.decide(.receive(quantity: 1), full, product: hammer)
        }
        expectRejection(.validationFailed, fields: ["delta"]) { () throws(DomainError) in
            try InventoryDecider.decide(.adjust(delta: 5, reason: .found, note: nil), full, product: hammer)
        }
    }
}
