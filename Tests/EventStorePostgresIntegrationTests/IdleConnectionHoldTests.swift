import EventStore
import Foundation
import EventStorePostgres
import Logging
import NexusTestSupport
import PostgresNIO
import Testing

/// A batch writer that found the queue empty keeps its connection for
/// `idleConnectionHold`, so writers under steady load do not lease a connection per batch;
/// then it gives the connection back to the pool.
@Suite("Group commit: the writer's idle connection hold")
struct IdleConnectionHoldTests {
    let logger = Logger(label: "nexus.test.append.hold")

    /// How long a query on a one-connection pool waits right after an append, with `hold`.
    private func queryWaitAfterAppend(hold: Duration) async throws -> Duration {
        let database = try await TestDatabase.create(prefix: "append_hold")
        var configuration = database.configuration
        configuration.options.maximumConnections = 1
        return try await TestDatabase.withClient(configuration, logger: logger) { client in
            try await EventStoreSchema.migrator.migrate(client, logger: logger)
            let store = PostgresEventStore(
                client: client, configuration: PostgresEventStoreConfiguration(concurrentBatches: 1, idleConnectionHold: hold), logger: logger)
            return try await BackgroundRun.around("PostgresEventStore", { try await store.run() }) {
                _ = try await store.append(AppendRequest(stream: try StreamName(category: "hold", id: "1"), expectedVersion: .any, events: [
                    EventData(type: "Happened", data: Data(#"{"n":1}"#.utf8))
                ]))
                let start = ContinuousClock.now
                try await client.query("SELECT 1", logger: logger)
                return ContinuousClock.now - start
            }
        }
    }

    @Test("the pool's only connection stays with the writer for the hold after its batch, then comes back")
    func heldThenGivenBack() async throws {
        let held = try await queryWaitAfterAppend(hold: .seconds(3))
        #expect(held >= .seconds(2), "a query waited \(held) for the connection")
        #expect(held < .seconds(30))
        let released = try await queryWaitAfterAppend(hold: .zero)
        #expect(released < .seconds(2), "a query waited \(released) for the connection")
    }
}
