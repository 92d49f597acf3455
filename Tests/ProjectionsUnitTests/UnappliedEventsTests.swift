import EventStore
import Foundation
import NexusEvents
import Testing

@testable import Projections

/// Which events of a live batch a projection applies: given the versions its generation has
/// seen, when a batch arrives (re-deliveries included), then only the versions above them apply,
/// each once, and the versions to save are those the applied events reach.
@Suite("Unapplied events of a live batch")
struct UnappliedEventsTests {
    /// A stock receipt of `sku` at `version` of stream `inventory-<sku>`.
    private static func receipt(_ sku: String, version: Int64) throws -> ProjectionEvent {
        let event = NexusEvent.stockReceived(StockReceived(sku: sku, quantity: 1))
        let recorded = RecordedEvent(
            id: UUID(), stream: try StreamName(event.streamName), version: version, position: version, type: event.eventType,
            schemaVersion: event.schemaVersion, data: event.encodedData(), metadata: EventMetadata(), recordedAt: Date(), hash: nil)
        return ProjectionEvent(event: event, recorded: recorded)
    }

    private static func keys(_ events: [ProjectionEvent]) -> [String] {
        events.map { "\($0.recorded.stream.rawValue)@\($0.version)" }
    }

    @Test("versions at or below those seen are skipped; the rest apply in order")
    func skipsSeenVersions() throws {
        let batch = try [Self.receipt("A", version: 2), Self.receipt("B", version: 1), Self.receipt("A", version: 3), Self.receipt("C", version: 5)]
        let (applied, versions) = ProjectionApplier.unapplied(batch, seen: ["inventory-A": 2, "inventory-C": 7])
        #expect(Self.keys(applied) == ["inventory-B@1", "inventory-A@3"])
        #expect(versions == ["inventory-A": 3, "inventory-B": 1])
    }

    @Test("a version delivered twice in one batch applies once")
    func redeliveredInTheBatch() throws {
        let batch = try [Self.receipt("A", version: 1), Self.receipt("A", version: 2), Self.receipt("A", version: 1), Self.receipt("A", version: 2)]
        let (applied, versions) = ProjectionApplier.unapplied(batch, seen: [:])
        #expect(Self.keys(applied) == ["inventory-A@1", "inventory-A@2"])
        #expect(versions == ["inventory-A": 2])
    }

    @Test("a batch seen entirely before applies nothing and saves no version")
    func allSeen() throws {
        let batch = try [Self.receipt("A", version: 1), Self.receipt("B", version: 4)]
        let (applied, versions) = ProjectionApplier.unapplied(batch, seen: ["inventory-A": 1, "inventory-B": 9])
        #expect(applied.isEmpty)
        #expect(versions.isEmpty)
    }
}
