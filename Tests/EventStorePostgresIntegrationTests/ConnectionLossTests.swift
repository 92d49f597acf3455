import EventStore
import EventStorePostgres
import Foundation
import Logging
import NexusTestSupport
import PostgresNIO
import Testing

@Suite("Appends when the database kills connections")
struct ConnectionLossTests {
    @Test(
        "connections killed under load: writers recover, retries with the same key never duplicate, nothing acknowledged is lost",
        .timeLimit(.minutes(3))  // it used to hang forever: a failure, not a stuck run
    )
    func killedConnections() async throws {
        try await TestDatabase.withEventStore(prefix: "killed_connections") { store, database in
            let killing = Shared(true)
            let results = try await withThrowingTaskGroup(of: (StreamName, Int64, Int).self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        let stream = try Fixture.stream("killed")
                        var version: Int64 = 0
                        var unavailable = 0
                        // Append until the killing stops, then a few more to show the store recovered.
                        var afterKilling = 0
                        while afterKilling < 20 {
                            if !killing.value { afterKilling += 1 }
                            let request = AppendRequest(
                                stream: stream, expectedVersion: version == 0 ? .noStream : .exact(version),
                                events: Fixture.events(1), idempotencyKey: "\(stream.rawValue)-\(version)"
                            )
                            while true {
                                do {
                                    // A retry after `unavailable` may find its first attempt committed: same result.
                                    version = try await store.append(request).streams[0].version
                                    break
                                } catch let error as EventStoreError where error.code == .unavailable {
                                    unavailable += 1
                                    try await Task.sleep(for: .milliseconds(5))
                                }
                            }
                        }
                        return (stream, version, unavailable)
                    }
                }
                // Kills the store's connections (the application role's), never the killer's own.
                let terminated = try await TestDatabase.withClient(database.superuserConfiguration) { admin in
                    var terminated = 0
                    for _ in 0..<8 {
                        try await Task.sleep(for: .milliseconds(100))
                        let rows = try await admin.query(
                            """
                            SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity
                             WHERE datname = \(database.name) AND usename <> current_user AND backend_type = 'client backend'
                            """
                        )
                        for try await count in rows.decode(Int.self) { terminated += count }
                    }
                    return terminated
                }
                killing.update { $0 = false }
                #expect(terminated > 0, "the test should have killed the store's connections")
                return try await group.reduce(into: []) { $0.append($1) }
            }
            for (stream, version, _) in results {
                let events = try await store.readStream(stream, from: 1, limit: 10_000)
                #expect(events.map(\.version) == Array(1...version), "stream \(stream) lost or repeated an event")
            }
            #expect(try await store.verifyChains().isIntact)
        }
    }
}

