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

    @Test("SIGKILL in the middle of a rebuild: the serving generation keeps serving, unchanged; the next rebuild succeeds")
    func killedRebuild() async throws {
        let database = try await TestDatabase.create(prefix: "cli_rebuild_kill")
        try await database.withEventStore { store in
            for sku in 0..<40 {
                for chunk in 0..<5 {
                    let events = (0..<100).map { _ in
                        let event = NexusEvent.stockReceived(StockReceived(sku: "SKU-\(sku)", quantity: 1))
                        return EventData(type: event.eventType, schemaVersion: event.schemaVersion, data: event.encodedData())
                    }
                    let stream = try StreamName(NexusEvent.stockReceived(StockReceived(sku: "SKU-\(sku)", quantity: 1)).streamName)
                    _ = try await store.append(AppendRequest(
                        stream: stream, expectedVersion: chunk == 0 ? .noStream : .exact(Int64(chunk * 100)), events: events))
                }
            }
        }
        let first = try await NexusBinary.run(["projections", "rebuild", "--all"], databaseURL: database.url)
        #expect(first.status == 0, "\(first.stderr)")
        try await TestDatabase.withClient(database.configuration) { client in
            let before = try await Self.stockAndGenerations(client)
            #expect(before.stock.count == 40 && before.generations.values.allSatisfy { $0 == 2 })

            let doomed = try ChildProcess(arguments: ["projections", "rebuild", "--all", "--page-size", "100", "--database-url", database.url])
            try await TestServices.eventually {
                // The new generation's tables appear when the rebuild starts; until then this fails.
                guard let rows = try? await client.query("SELECT count(*)::int8 FROM read_stock_g3.stock") else { return false }
                for try await count in rows.decode(Int64.self) where count > 0 { return true }
                return false
            }
            #expect(await doomed.stop(signal: SIGKILL) == SIGKILL)
            let afterKill = try await Self.stockAndGenerations(client)
            #expect(afterKill == before, "the killed rebuild must not have switched or touched the serving rows: \(afterKill.generations), stock equal: \(afterKill.stock == before.stock)")

            let again = try await NexusBinary.run(["projections", "rebuild", "--all"], databaseURL: database.url)
            #expect(again.status == 0, "\(again.stderr)")
            #expect(again.stdout.contains("stock: generation 3 serving, 20000 events read"), "\(again.stdout)")
            let after = try await Self.stockAndGenerations(client)
            #expect(after.stock == before.stock)
            #expect(after.generations.values.allSatisfy { $0 == 3 })
        }
    }

    /// The stock read model (on hand per SKU) and the serving generation per projection.
    static func stockAndGenerations(_ client: PostgresClient) async throws -> StockAndGenerations {
        var result = StockAndGenerations()
        for try await (sku, onHand) in try await client.query("SELECT sku, on_hand FROM read.stock").decode((String, Int64).self) {
            result.stock[sku] = onHand
        }
        for try await (name, generation) in try await client.query("SELECT name, generation FROM read.projection_generations").decode((String, Int32).self) {
            result.generations[name] = generation
        }
        return result
    }

    struct StockAndGenerations: Equatable {
        var stock: [String: Int64] = [:]
        var generations: [String: Int32] = [:]
    }
}
