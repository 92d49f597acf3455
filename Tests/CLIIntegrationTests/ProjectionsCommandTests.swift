import EventStore
import EventStorePostgres
import Foundation
import Logging
import NexusEvents
import NexusTestSupport
import PostgresNIO
import Testing

@Suite("nexus projections through the real binary")
struct ProjectionsCommandTests {
    @Test("rebuild fills a new generation with progress, status shows it, bad arguments fail clearly")
    func rebuildAndStatus() async throws {
        let database = try await TestDatabase.create(prefix: "cli_projections")
        try await database.withEventStore { store in
            for (quantity, expected) in [(10, ExpectedVersion.noStream), (5, .exact(1))] {
                let event = NexusEvent.stockReceived(StockReceived(sku: "SKU-1", quantity: quantity))
                let data = EventData(type: event.eventType, schemaVersion: event.schemaVersion, data: event.encodedData())
                _ = try await store.append(AppendRequest(stream: try StreamName(event.streamName), expectedVersion: expected, events: [data]))
            }
        }
        let first = try await NexusBinary.run(["projections", "rebuild", "--all"], databaseURL: database.url)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("stock: generation 2 serving, 2 events read"))
        #expect(first.stderr.contains("all ["), "one progress bar on stderr for the one-pass rebuild of every projection")
        let second = try await NexusBinary.run(["projections", "rebuild", "stock"], databaseURL: database.url)
        #expect(second.stdout.contains("stock: generation 3 serving"))
        #expect(second.stderr.contains("stock ["), "a progress bar on stderr")

        let onHand = try await TestDatabase.withClient(database.configuration) { client in
            var value: Int64 = -1
            for try await v in try await client.query("SELECT on_hand FROM read.stock WHERE sku = 'SKU-1'").decode(Int64.self) { value = v }
            return value
        }
        #expect(onHand == 15)

        let status = try await NexusBinary.run(["projections", "status"], databaseURL: database.url)
        #expect(status.status == 0)
        #expect(status.stdout.split(separator: "\n").contains { $0.hasPrefix("stock") && $0.contains("current") && $0.contains(" 3 ") })

        let unknown = try await NexusBinary.run(["projections", "rebuild", "nosuch"], databaseURL: database.url)
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("unknown projection nosuch"))
        let both = try await NexusBinary.run(["projections", "rebuild", "stock", "--all"], databaseURL: database.url)
        #expect(both.status != 0)
    }
}
