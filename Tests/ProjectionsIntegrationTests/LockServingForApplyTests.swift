import EventStorePostgres
import Logging
import NexusTestSupport
import PostgresNIO
import Testing

@testable import Projections

/// `read.lock_serving_for_apply`: a live batch's first statement locks the serving generation,
/// points the transaction at its schema, commits asynchronously and reads the batch's applied
/// versions, in one call.
@Suite("A live batch's lock and applied versions")
struct LockServingForApplyTests {
    let logger = Logger(label: "nexus.test.projections.lock")

    @Test("answers the serving generation and the versions of the named streams, with the transaction pointed at its schema")
    func lockAndVersions() async throws {
        try await TestDatabase.withEventStore(prefix: "proj_lock_apply") { store, _ in
            try await ProjectionSchema.migrator.migrate(store.client, logger: logger)
            let generations = ProjectionGenerations(logger: logger)
            let projection = StockProjection()
            let generation = try await store.client.withConnection { try await generations.ensureServing(projection, on: $0) }
            try await store.client.query(
                "INSERT INTO \(unescaped: generation.schema.name).applied_streams VALUES ('inventory-A', 3), ('inventory-B', 1)", logger: logger)
            try await store.client.withConnection { connection in
                try await connection.withTransaction(logger: logger) { connection in
                    let locked = try #require(
                        try await generations.lockServingForApply(projection.name, streams: ["inventory-A", "inventory-C"], on: connection))
                    #expect(locked.generation.number == generation.number)
                    #expect(locked.applied == ["inventory-A": 3])
                    let settings = try await connection.query(
                        "SELECT current_setting('search_path'), current_setting('synchronous_commit')", logger: logger)
                    for try await (path, commit) in settings.decode((String, String).self) {
                        #expect(path == generation.schema.name)
                        #expect(commit == "off")
                    }
                    // Unqualified names now reach the generation's tables.
                    let rows = try await connection.query("SELECT count(*) FROM applied_streams", logger: logger)
                    for try await count in rows.decode(Int64.self) { #expect(count == 2) }
                }
            }
            let none = try await store.client.withConnection { connection in
                try await connection.withTransaction(logger: logger) {
                    try await generations.lockServingForApply("no_such_projection", streams: ["inventory-A"], on: $0)
                }
            }
            #expect(none == nil)
        }
    }

    @Test("a second batch of the projection waits for the first one's transaction")
    func batchesApplyOneAtATime() async throws {
        try await TestDatabase.withEventStore(prefix: "proj_lock_wait") { store, _ in
            try await ProjectionSchema.migrator.migrate(store.client, logger: logger)
            let generations = ProjectionGenerations(logger: logger)
            let projection = StockProjection()
            _ = try await store.client.withConnection { try await generations.ensureServing(projection, on: $0) }
            try await store.client.withConnection { first in
                try await first.withTransaction(logger: logger) { first in
                    _ = try await generations.lockServingForApply(projection.name, streams: [], on: first)
                    let refused = await #expect(throws: PostgresTransactionError.self) {
                        try await store.client.withConnection { second in
                            try await second.withTransaction(logger: logger) { second in
                                try await second.query("SET LOCAL lock_timeout = '200ms'", logger: logger)
                                _ = try await generations.lockServingForApply(projection.name, streams: [], on: second)
                            }
                        }
                    }
                    #expect((refused?.closureError as? PSQLError)?.serverInfo?[.sqlState] == "55P03")
                }
            }
        }
    }
}
