import EventStore
import Foundation
import NexusTestSupport
import PostgresNIO
import Testing

@testable import EventStorePostgres

/// A page of the global log reads about its own size from the events table, not the rest of the
/// log, even when the table has no statistics yet (just loaded and not analysed, as after a bulk
/// import or a restore): with the settled bound in the same condition as the start position,
/// PostgreSQL estimated a few hundred rows in the range and read and sorted all of them.
@Suite("Page reads and the planner")
struct PageReadPlanTests {
    static let events = 30_000
    static let page: Int64 = 500

    /// A store of ``events`` events (100 streams) whose table autovacuum never analyses.
    private static func withUnanalysedStore(_ body: @escaping @Sendable (PostgresEventStore) async throws -> Void) async throws {
        try await TestDatabase.withEventStore(prefix: "page_plan") { store, _ in
            try await store.client.query("ALTER TABLE events SET (autovacuum_enabled = false)", logger: store.logger)
            try await store.client.query(
                """
                INSERT INTO events (event_id, stream, stream_version, type, schema_version, data, metadata)
                SELECT gen_random_uuid(), 'plan-' || (g % 100), g / 100 + 1, 'Happened', 1, jsonb_build_object('n', g), '{}'::jsonb
                  FROM generate_series(0, \(Self.events - 1)) AS g ORDER BY g
                """, logger: store.logger)
            try await body(store)
        }
    }

    /// Runs `read` in a transaction and returns how many rows of `events` it fetched or scanned
    /// (the transaction's own table statistics).
    private static func rowsTouched(_ store: PostgresEventStore, _ read: PostgresQuery) async throws -> (read: Int, touched: Int64) {
        try await store.client.withConnection { connection in
            try await connection.withTransaction(logger: store.logger) { connection in
                var count = 0
                for try await _ in try await connection.query(read, logger: store.logger) { count += 1 }
                let stats = try await connection.query(
                    "SELECT coalesce(idx_tup_fetch, 0) + seq_tup_read FROM pg_stat_xact_user_tables WHERE relid = 'events'::regclass",
                    logger: store.logger)
                var touched: Int64 = -1
                for try await value in stats.decode(Int64.self) { touched = value }
                return (count, touched)
            }
        }
    }

    @Test("nexus_read_settled reads one page's rows on a table without statistics")
    func settledRead() async throws {
        try await Self.withUnanalysedStore { store in
            let (read, touched) = try await Self.rowsTouched(store, "SELECT position FROM nexus_read_settled(1000, \(Self.page))")
            #expect(read == Int(Self.page))
            #expect(touched >= Self.page && touched <= 4 * Self.page, "\(touched) rows of events touched for a page of \(Self.page)")
        }
    }

    @Test("the rows-of-columns page query reads one page's rows on a table without statistics")
    func columnsPage() async throws {
        try await Self.withUnanalysedStore { store in
            let head = try await store.headPosition()
            let (rows, touched) = try await Self.rowsTouched(store, RecordedEvent.columnsQuery(after: 1000, upTo: head, limit: Self.page))
            #expect(rows == 1)
            #expect(touched >= Self.page && touched <= 4 * Self.page, "\(touched) rows of events touched for a page of \(Self.page)")
        }
    }
}
