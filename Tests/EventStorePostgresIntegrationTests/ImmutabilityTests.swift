import EventStore
import EventStorePostgres
import Foundation
import Logging
import NexusTestSupport
import PostgresNIO
import Testing

@Suite("Immutability and tamper evidence")
struct ImmutabilityTests {
    let logger = Logger(label: "nexus.test")

    @Test("UPDATE, DELETE and TRUNCATE on events are refused by PostgreSQL for the application role", arguments: [
        "UPDATE events SET data = '{\"n\": 99}'",
        "DELETE FROM events",
        "TRUNCATE events",
        "DELETE FROM events WHERE false",
    ])
    func databaseRefusesChanges(statement: String) async throws {
        try await TestDatabase.withEventStore(prefix: "immutable") { store, database in
            let stream = try Fixture.stream()
            _ = try await store.append(AppendRequest(stream: stream, expectedVersion: .noStream, events: Fixture.events(3)))
            // A raw connection as the application role, as someone in psql would have.
            _ = try await TestDatabase.withClient(database.configuration) { client in
                let error = await #expect(throws: PSQLError.self) {
                    try await client.query(PostgresQuery(unsafeSQL: statement))
                }
                #expect(error?.serverInfo?[.message]?.contains("events are immutable") == true)
            }
            let events = try await store.readStream(stream)
            #expect(events.count == 3)
            #expect(events[2].data == Data(#"{"n": 3}"#.utf8))
        }
    }

    @Test("the database refuses a version hole even from a client that bypasses the store")
    func databaseRefusesHoles() async throws {
        try await TestDatabase.withEventStore(prefix: "holes") { store, database in
            let stream = try Fixture.stream()
            _ = try await store.append(AppendRequest(stream: stream, expectedVersion: .noStream, events: Fixture.events(1)))
            try await TestDatabase.withClient(database.configuration) { client in
                await #expect(throws: PSQLError.self) {
                    try await client.query(
                        "INSERT INTO events (event_id, stream, stream_version, type, schema_version, data, metadata) VALUES (\(UUID()), \(stream.rawValue), 3, 'Happened', 1, '{}', '{}')"
                    )
                }
            }
            #expect(try await store.currentVersion(of: stream) == 1)
        }
    }

    @Test("verify walks every chain and names the first altered event")
    func tamperEvidence() async throws {
        try await TestDatabase.withEventStore(prefix: "tamper") { store, database in
            let streams = try (0..<3).map { _ in try Fixture.stream() }
            for stream in streams {
                _ = try await store.append(AppendRequest(stream: stream, expectedVersion: .noStream, events: Fixture.events(4)))
            }
            let intact = try await store.verifyChains()
            #expect(intact.isIntact)
            #expect(intact.eventsChecked == 12)

            let victim = try await store.readStream(streams[1])[2]
            // Only a superuser can switch the immutability trigger off; an attacker with that power is what the chain is for.
            try await TestDatabase.withClient(database.superuserConfiguration) { client in
                try await client.withConnection { connection in
                    try await connection.query("SET session_replication_role = replica", logger: logger)
                    try await connection.query("UPDATE events SET data = '{\"n\": 1000}' WHERE position = \(victim.position)", logger: logger)
                }
            }
            let verification = try await store.verifyChains(chunkSize: 5)
            #expect(verification.firstBrokenLink?.position == victim.position)
            #expect(verification.firstBrokenLink?.stream == streams[1].rawValue)
            #expect(verification.firstBrokenLink?.version == 3)
            #expect(try await store.verifyChains(stream: streams[0]).isIntact)
            #expect(try await store.verifyChains(stream: streams[1]).firstBrokenLink?.version == 3)
        }
    }

    @Test("verify reports a deleted event as a missing predecessor")
    func deletedEvent() async throws {
        try await TestDatabase.withEventStore(prefix: "tamper_delete") { store, database in
            let stream = try Fixture.stream()
            _ = try await store.append(AppendRequest(stream: stream, expectedVersion: .noStream, events: Fixture.events(3)))
            try await TestDatabase.withClient(database.superuserConfiguration) { client in
                try await client.withConnection { connection in
                    try await connection.query("SET session_replication_role = replica", logger: logger)
                    try await connection.query("DELETE FROM events WHERE stream = \(stream.rawValue) AND stream_version = 2", logger: logger)
                }
            }
            let verification = try await store.verifyChains()
            #expect(verification.firstBrokenLink?.version == 3)
            #expect(verification.firstBrokenLink?.reason == "previous version is missing")
        }
    }
}
