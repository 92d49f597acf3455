import EventStore
import EventStorePostgres
import Foundation
import Logging
import NexusTestSupport
import PostgresNIO
import Testing

/// `nexus_append` computes hashes and checks holes for a whole batch (migration 3); rows
/// inserted by other clients get them from the row trigger.
@Suite("Hash chains and holes, per batch and by hand")
struct BatchChainTests {
    let logger = Logger(label: "nexus.test")

    /// Calls `nexus_append` directly, as the store does, with `chained` as given.
    private func append(
        _ rows: [(stream: StreamName, version: Int64)], chained: Bool, on connection: PostgresConnection
    ) async throws {
        let ids = rows.map { _ in UUID() }
        // Errors of a row-returning statement surface while its rows are read.
        for try await _ in try await connection.query(
            """
            SELECT * FROM nexus_append(\(ids), \(rows.map(\.stream.rawValue)), \(rows.map(\.version)),
                \(rows.map { _ in "Happened" }), \(rows.map { _ in Int32(1) }),
                \(rows.map { #"{"n": \#($0.version)}"# })::jsonb[], \(rows.map { _ in "{}" })::jsonb[],
                \([String]())::text[], \([String]())::jsonb[], \(chained))
            """,
            logger: logger
        ) {}
    }

    @Test("a batch holding several events of several streams chains each stream's hashes")
    func chainedBatch() async throws {
        try await TestDatabase.withEventStore(prefix: "batch_chain") { store, database in
            let (a, b) = (try Fixture.stream(), try Fixture.stream())
            _ = try await store.append(AppendRequest(stream: a, expectedVersion: .noStream, events: Fixture.events(1)))
            try await TestDatabase.withClient(database.configuration) { client in
                try await client.withConnection { connection in
                    try await append([(a, 2), (b, 1), (a, 3), (b, 2), (a, 4)], chained: true, on: connection)
                }
            }
            #expect(try await store.readStream(a).map(\.version) == [1, 2, 3, 4])
            #expect(try await store.readStream(b).map(\.version) == [1, 2])
            #expect(try await store.verifyChains().isIntact)
        }
    }

    @Test("holes inside a batch, or a repeated stream the batch did not declare, are refused whole", arguments: [
        [(0, 1), (0, 3)],  // chained, version 2 missing
        [(0, 1), (0, 1)],  // chained, version 1 twice
        [(0, 2)],  // version 1 missing
    ])
    func holesRefused(rows: [(Int, Int64)]) async throws {
        try await TestDatabase.withEventStore(prefix: "batch_hole") { store, database in
            let streams = [try Fixture.stream(), try Fixture.stream()]
            let batch = rows.map { (streams[$0.0], $0.1) }
            try await TestDatabase.withClient(database.configuration) { client in
                try await client.withConnection { connection in
                    for chained in [true, false] {
                        let error = await #expect(throws: PSQLError.self) {
                            try await append(batch + [(streams[1], 1)], chained: chained, on: connection)
                        }
                        #expect(error?.serverInfo?[.sqlState] == "23000" || error?.serverInfo?[.sqlState] == "23505")
                    }
                    // Declared as not chained, a correct two-event batch of one stream is refused too:
                    // the second event's predecessor is not stored yet.
                    await #expect(throws: PSQLError.self) {
                        try await append([(streams[0], 1), (streams[0], 2)], chained: false, on: connection)
                    }
                }
            }
            #expect(try await store.headPosition() == 0)
        }
    }

    @Test("a row inserted by hand without a hash gets it from the database and chains on")
    func handInsertedRowIsHashed() async throws {
        try await TestDatabase.withEventStore(prefix: "hand_insert") { store, database in
            let stream = try Fixture.stream()
            _ = try await store.append(AppendRequest(stream: stream, expectedVersion: .noStream, events: Fixture.events(2)))
            try await TestDatabase.withClient(database.configuration) { client in
                try await client.query(
                    "INSERT INTO events (event_id, stream, stream_version, type, schema_version, data, metadata) VALUES (\(UUID()), \(stream.rawValue), 3, 'Happened', 1, '{}', '{}')"
                )
            }
            _ = try await store.append(AppendRequest(stream: stream, expectedVersion: .exact(3), events: Fixture.events(1)))
            #expect(try await store.verifyChains().isIntact)
            #expect(try await store.currentVersion(of: stream) == 4)
        }
    }

    @Test("a row inserted by hand with a hash of its own is reported by verify")
    func forgedHashIsReported() async throws {
        try await TestDatabase.withEventStore(prefix: "forged_hash") { store, database in
            let stream = try Fixture.stream()
            _ = try await store.append(AppendRequest(stream: stream, expectedVersion: .noStream, events: Fixture.events(2)))
            try await TestDatabase.withClient(database.configuration) { client in
                try await client.query(
                    """
                    INSERT INTO events (event_id, stream, stream_version, type, schema_version, data, metadata, hash)
                    VALUES (\(UUID()), \(stream.rawValue), 3, 'Happened', 1, '{}', '{}', sha256('forged'))
                    """
                )
            }
            let verification = try await store.verifyChains()
            #expect(verification.firstBrokenLink?.stream == stream.rawValue)
            #expect(verification.firstBrokenLink?.version == 3)
            #expect(verification.firstBrokenLink?.reason == "stored hash does not match the content")
        }
    }
}
