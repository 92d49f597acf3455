import EventStore
import EventStorePostgres
import Foundation
import Logging
import NexusEvents
import NexusTestSupport
import PostgresNIO
import Testing

@Suite("nexus dev restarted with its embedded broker")
struct EmbeddedBrokerRestartTests {
    let logger = Logger(label: "nexus.test.broker-restart")

    /// The embedded broker is empty at every start while the database remembers the relay's
    /// checkpoint and the projections' offsets: this stages what a previous run leaves behind
    /// when the relay had published events the workers had not applied yet.
    @Test("events the previous run's broker held but the projections had not applied are published again and applied")
    func unappliedEventsArePublishedAgain() async throws {
        let database = try await TestDatabase.create(prefix: "cli_broker_restart")
        let migrated = try await NexusBinary.run(["migrate"], databaseURL: database.url)
        try #require(migrated.status == 0, "\(migrated.stderr)")
        let head = try await database.withEventStore { store in
            var head: Int64 = 0
            for (version, quantity) in [7, 5, 3].enumerated() {
                let event = NexusEvent.stockReceived(StockReceived(sku: "SKU-R", quantity: quantity))
                let data = EventData(type: event.eventType, schemaVersion: event.schemaVersion, data: event.encodedData())
                let result = try await store.append(AppendRequest(
                    stream: try StreamName(event.streamName), expectedVersion: version == 0 ? .noStream : .exact(Int64(version)), events: [data]))
                head = result.position
            }
            // The previous run: its relay had published everything, its stock worker had saved
            // offsets far into a topic of the broker that is now gone, and applied nothing.
            try await PostgresCheckpointStore(client: store.client, logger: logger).save(head, for: "relay")
            try await store.client.query(
                "INSERT INTO read.projection_offsets (projection, topic, partition, next_offset) VALUES ('stock', 'nexus.inventory', 0, 1000)")
            return head
        }

        let port = TestPorts.unused()
        let dev = try ChildProcess(
            arguments: ["dev", "--port", "\(port)", "--no-demo-data", "--database-url", database.url],
            environment: ["NEXUS_BCRYPT_COST": "4"])
        let onHand = Shared<Int64>(0)
        do {
            try await TestDatabase.withClient(database.configuration) { client in
                try await TestServices.eventually(within: .seconds(90)) {
                    guard let rows = try? await client.query("SELECT on_hand FROM read.stock WHERE sku = 'SKU-R'") else { return false }
                    for try await value in rows.decode(Int64.self) { onHand.update { $0 = value } }
                    return onHand.value == 15
                }
                let relay = try await PostgresCheckpointStore(client: client, logger: logger).position(of: "relay")
                #expect(relay >= head)
            }
        } catch {
            Issue.record("nexus dev wrote:\n\(dev.output.suffix(8000))")
            throw error
        }
        #expect(await dev.stop(signal: SIGTERM) == 0)
        #expect(onHand.value == 15)
    }
}
