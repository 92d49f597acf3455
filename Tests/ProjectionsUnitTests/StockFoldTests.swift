import EventStore
import Foundation
import NexusEvents
import Testing

@testable import Projections

/// The stock read model's fold, given/when/then, without a database: `StockChanges` sums a
/// batch's movements per SKU and keeps the last movement; `StockProjection.apply` then adds the
/// sums in one upsert. The products, categories, users and orders folds are written inside
/// their `apply(_:on:logger:)` next to the SQL, so they are reached only through PostgreSQL
/// (ProjectionsIntegrationTests).
@Suite("Stock fold")
struct StockFoldTests {
    private static let order = UUID()

    /// `events` as the projection receives them: stream `inventory-<sku>`, versions from 1, one millisecond apart.
    private static func given(_ events: [NexusEvent]) throws -> [ProjectionEvent] {
        try events.enumerated().map { index, event in
            let stream = try StreamName(event.streamName)
            let recorded = RecordedEvent(
                id: UUID(), stream: stream, version: Int64(index + 1), position: Int64(index + 1), type: event.eventType,
                schemaVersion: event.schemaVersion, data: event.encodedData(), metadata: EventMetadata(),
                recordedAt: Date(timeIntervalSince1970: 1_700_000_000 + Double(index) / 1000), hash: nil)
            return ProjectionEvent(event: event, recorded: recorded)
        }
    }

    private static func fold(_ events: [ProjectionEvent]) -> StockChanges {
        var changes = StockChanges()
        for event in events { _ = changes.add(event) }
        return changes
    }

    @Test func receiptsReservationsAndShipmentsSumPerSku() throws {
        let events = try Self.given([
            .stockReceived(StockReceived(sku: "A", quantity: 10)),
            .stockReserved(StockReserved(sku: "A", orderId: Self.order, quantity: 3)),
            .stockShipped(StockShipped(sku: "A", orderId: Self.order, quantity: 2)),
            .stockReservationReleased(StockReservationReleased(sku: "A", orderId: Self.order, quantity: 1)),
            .stockAdjusted(StockAdjusted(sku: "A", delta: -4, reason: .damaged, note: nil)),
        ])
        let changes = Self.fold(events)
        #expect(changes.skus == ["A"])
        let level = try #require(changes.orderedLevels.first)
        #expect(level.onHand == 10 - 2 - 4)
        #expect(level.reserved == 3 - 2 - 1)
        #expect(level.lastKind == StockAdjusted.eventType)
        #expect(level.lastVersion == 5)
        #expect(level.lastAt == events[4].at)
    }

    @Test func skusKeepTheOrderOfTheirFirstMovement() throws {
        let changes = Self.fold(try Self.given([
            .stockReceived(StockReceived(sku: "B", quantity: 1)),
            .stockReceived(StockReceived(sku: "A", quantity: 2)),
            .stockReceived(StockReceived(sku: "B", quantity: 3)),
        ]))
        #expect(changes.skus == ["B", "A"])
        #expect(changes.orderedLevels.map(\.onHand) == [4, 2])
    }

    @Test func eventsThatMoveNoStockAreLeftOut() throws {
        var changes = StockChanges()
        let events = try Self.given([.categoryCreated(CategoryCreated(slug: "tools", name: "Tools", parentSlug: nil))])
        #expect(changes.add(events[0]) == false)
        #expect(changes.isEmpty)
    }

    @Test func everyInventoryTypeMovesStock() {
        let types = Set([
            NexusEvent.stockReceived(StockReceived(sku: "A", quantity: 1)),
            .stockAdjusted(StockAdjusted(sku: "A", delta: 1, reason: .found, note: nil)),
            .stockReserved(StockReserved(sku: "A", orderId: Self.order, quantity: 1)),
            .stockReservationReleased(StockReservationReleased(sku: "A", orderId: Self.order, quantity: 1)),
            .stockShipped(StockShipped(sku: "A", orderId: Self.order, quantity: 1)),
        ].compactMap { StockMovement($0)?.kind })
        #expect(types == StockMovement.eventTypes)
    }
}
