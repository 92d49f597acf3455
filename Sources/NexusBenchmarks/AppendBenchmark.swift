package import EventStorePostgres
import EventStore
import Foundation
package import Logging
package import PostgresNIO
import Synchronization

/// `nexus bench append`: single-event appends by concurrent writers, against pgbench inserting
/// one row per transaction into an equivalent table on the same database.
package enum AppendBenchmark {
    /// One writer count's measurements: appends/s of Nexus and inserts/s of pgbench, per round.
    package struct Row: Sendable {
        package var writers: Int
        package var nexus: [Double]
        package var pgbench: [Double]

        package init(writers: Int, nexus: [Double], pgbench: [Double]) {
            self.writers = writers
            self.nexus = nexus
            self.pgbench = pgbench
        }
    }

    /// Each writer appends one event at a time to its own stream, with an exact expected
    /// version and a fresh idempotency key, for `seconds`; returns events per second.
    package static func measureAppends(store: PostgresEventStore, writers: Int, seconds: Int) async throws -> Double {
        let run = UUID().uuidString.prefix(8).lowercased()
        let appended = AppendCounter()
        let start = ContinuousClock.now
        let deadline = start + .seconds(seconds)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<writers {
                group.addTask {
                    let stream = try StreamName("bench-\(run)w\(writer)")
                    var version: Int64 = 0
                    while ContinuousClock.now < deadline {
                        let event = EventData(type: "BenchEventAppended", data: Self.payload, metadata: EventMetadata(actor: "bench"))
                        let request = AppendRequest(
                            stream: stream,
                            expectedVersion: version == 0 ? .noStream : .exact(version),
                            events: [event],
                            idempotencyKey: "bench-\(run)-\(writer)-\(version)"
                        )
                        version = try await store.append(request).streams[0].version
                        appended.increment()
                    }
                }
            }
            try await group.waitForAll()
        }
        return Double(appended.value) / (ContinuousClock.now - start).seconds
    }

    static let payload = Data(#"{"sku":"SKU-000123","quantity":3,"orderId":"6f1c2f8e-8d0a-4c55-9d55-2f1f4c9e0b11","note":"benchmark"}"#.utf8)

    /// A table shaped like `events` (unique event id, unique stream version, jsonb payloads).
    package static func createReferenceTable(_ client: PostgresClient, logger: Logger) async throws {
        try await client.query(
            """
            CREATE TABLE IF NOT EXISTS bench_reference_events (
                position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                event_id uuid NOT NULL UNIQUE, stream text NOT NULL, stream_version bigint NOT NULL,
                type text NOT NULL, schema_version integer NOT NULL, data jsonb NOT NULL, metadata jsonb NOT NULL,
                recorded_at timestamptz NOT NULL DEFAULT now(), UNIQUE (stream, stream_version))
            """,
            logger: logger
        )
        try await client.query("CREATE SEQUENCE IF NOT EXISTS bench_reference_versions", logger: logger)
    }

    /// pgbench's script: one row like an appended event per transaction.
    package static let referenceScript = """
        INSERT INTO bench_reference_events (event_id, stream, stream_version, type, schema_version, data, metadata) \
        VALUES (gen_random_uuid(), 'bench-' || :client_id, nextval('bench_reference_versions'), 'BenchEventAppended', 1, \
        '{"sku":"SKU-000123","quantity":3,"orderId":"6f1c2f8e-8d0a-4c55-9d55-2f1f4c9e0b11","note":"benchmark"}', '{"actor":"bench"}');

        """

    /// The result table: means per writer count, their ratio and the per-round ratios.
    package static func report(_ rows: [Row]) -> String {
        var lines = ["writers  nexus appends/s  pgbench inserts/s  ratio  (per-round ratios)"]
        for row in rows {
            let nexus = row.nexus.reduce(0, +) / Double(row.nexus.count)
            let reference = row.pgbench.reduce(0, +) / Double(row.pgbench.count)
            let perRound = zip(row.nexus, row.pgbench).map { String(format: "%.2f", $0 / $1) }.joined(separator: " ")
            lines.append(
                String(row.writers).padding(toLength: 9, withPad: " ", startingAt: 0)
                    + String(format: "%15.0f  %17.0f  %5.2fx", nexus, reference, nexus / reference) + "  (\(perRound))"
            )
        }
        return lines.joined(separator: "\n")
    }
}

/// Counts appends across writer tasks.
private final class AppendCounter: Sendable {
    private let count = Atomic<Int>(0)
    func increment() { count.add(1, ordering: .relaxed) }
    var value: Int { count.load(ordering: .relaxed) }
}
