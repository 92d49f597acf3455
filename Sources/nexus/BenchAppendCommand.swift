import ArgumentParser
import EventStore
import EventStorePostgres
import Foundation
import Logging
import PostgresNIO
import Synchronization

/// `nexus bench append`: single-event appends by concurrent writers, against pgbench
/// inserting one row per transaction into an equivalent table on the same database.
struct BenchAppendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "append",
        abstract: "Append throughput (version check, idempotency key, hash) versus pgbench one-row INSERTs.",
        discussion: "Run against a dedicated database with a release build: ops/bench append."
    )

    @OptionGroup var database: DatabaseOptions

    @Option(help: "Comma-separated concurrent writer counts.")
    var writers: String = "1,8,32,64"

    @Option(help: "Seconds per measurement.")
    var seconds: Int = 3

    @Option(help: "Rounds per writer count: Nexus and pgbench alternate, so that both see the same machine load.")
    var rounds: Int = 3

    func validate() throws {
        guard seconds >= 1, seconds <= 600 else { throw ValidationError("--seconds must be between 1 and 600") }
        guard rounds >= 1, rounds <= 20 else { throw ValidationError("--rounds must be between 1 and 20") }
        guard !writerCounts.isEmpty, writerCounts.allSatisfy({ (1...512).contains($0) }) else {
            throw ValidationError("--writers must be a comma-separated list of numbers between 1 and 512")
        }
    }

    private var writerCounts: [Int] { writers.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) } }

    func run() async throws {
        let logger = {
            var logger = Logger(label: "nexus.bench")
            logger.logLevel = .warning
            return logger
        }()
        let counts = writerCounts
        let pgbench = Pgbench(configuration: try database.clientConfiguration(), url: database.url)
        let rows = try await database.withClient(logger: logger, maximumConnections: 16) { client in
            try await EventStoreSchema.migrator.migrate(client, logger: logger)
            try await Self.createReferenceTable(client, logger: logger)
            let store = PostgresEventStore(client: client, logger: logger)
            return try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await store.run() }
                defer { group.cancelAll() }
                var rows: [(writers: Int, nexus: [Double], pgbench: [Double])] = []
                for count in counts {
                    var nexus: [Double] = []
                    var reference: [Double] = []
                    for round in 1...rounds {
                        Progress.line("bench append: \(count) writer(s), round \(round)/\(rounds), nexus for \(seconds)s…")
                        nexus.append(try await Self.measureAppends(store: store, writers: count, seconds: seconds))
                        Progress.line("bench append: \(count) writer(s), round \(round)/\(rounds), pgbench for \(seconds)s…")
                        reference.append(try pgbench.run(script: Self.referenceScript, clients: count, seconds: seconds))
                    }
                    rows.append((count, nexus, reference))
                }
                return rows
            }
        }
        print("writers  nexus appends/s  pgbench inserts/s  ratio  (per-round ratios)")
        for row in rows {
            let nexus = row.nexus.reduce(0, +) / Double(row.nexus.count)
            let reference = row.pgbench.reduce(0, +) / Double(row.pgbench.count)
            let perRound = zip(row.nexus, row.pgbench).map { String(format: "%.2f", $0 / $1) }.joined(separator: " ")
            print(
                String(row.writers).padding(toLength: 9, withPad: " ", startingAt: 0)
                    + String(format: "%15.0f  %17.0f  %5.2fx", nexus, reference, nexus / reference) + "  (\(perRound))"
            )
        }
    }

    /// Each writer appends one event at a time to its own stream, with an exact expected
    /// version and a fresh idempotency key, for `seconds`; returns events per second.
    static func measureAppends(store: PostgresEventStore, writers: Int, seconds: Int) async throws -> Double {
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
    static func createReferenceTable(_ client: PostgresClient, logger: Logger) async throws {
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

    static let referenceScript = """
        INSERT INTO bench_reference_events (event_id, stream, stream_version, type, schema_version, data, metadata) \
        VALUES (gen_random_uuid(), 'bench-' || :client_id, nextval('bench_reference_versions'), 'BenchEventAppended', 1, \
        '{"sku":"SKU-000123","quantity":3,"orderId":"6f1c2f8e-8d0a-4c55-9d55-2f1f4c9e0b11","note":"benchmark"}', '{"actor":"bench"}');

        """
}

/// Counts appends across writer tasks.
private final class AppendCounter: Sendable {
    private let count = Atomic<Int>(0)
    func increment() { count.add(1, ordering: .relaxed) }
    var value: Int { count.load(ordering: .relaxed) }
}
