import ArgumentParser
import EventStorePostgres
import Foundation
import Logging
import NexusBenchmarks

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

    @Option(help: "Batches the store commits at once (PostgresEventStoreConfiguration.concurrentBatches).")
    var concurrentBatches: Int = PostgresEventStoreConfiguration().concurrentBatches

    @Option(help: "Rounds per writer count: Nexus and pgbench alternate, so that both see the same machine load.")
    var rounds: Int = 3

    func validate() throws {
        guard seconds >= 1, seconds <= 600 else { throw ValidationError("--seconds must be between 1 and 600") }
        guard rounds >= 1, rounds <= 20 else { throw ValidationError("--rounds must be between 1 and 20") }
        guard (1...32).contains(concurrentBatches) else { throw ValidationError("--concurrent-batches must be between 1 and 32") }
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
        let pgbench = Pgbench(url: database.url)
        let rows = try await database.withClient(logger: logger, maximumConnections: concurrentBatches + 8) { client in
            try await EventStoreSchema.migrator.migrate(client, logger: logger)
            try await AppendBenchmark.createReferenceTable(client, logger: logger)
            let store = PostgresEventStore(client: client, configuration: .init(concurrentBatches: concurrentBatches), logger: logger)
            return try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await store.run() }
                defer { group.cancelAll() }
                var rows: [AppendBenchmark.Row] = []
                for count in counts {
                    var nexus: [Double] = []
                    var reference: [Double] = []
                    for round in 1...rounds {
                        Progress.line("bench append: \(count) writer(s), round \(round)/\(rounds), nexus for \(seconds)s…")
                        nexus.append(try await AppendBenchmark.measureAppends(store: store, writers: count, seconds: seconds))
                        Progress.line("bench append: \(count) writer(s), round \(round)/\(rounds), pgbench for \(seconds)s…")
                        reference.append(try pgbench.run(script: AppendBenchmark.referenceScript, clients: count, seconds: seconds))
                    }
                    rows.append(AppendBenchmark.Row(writers: count, nexus: nexus, pgbench: reference))
                }
                return rows
            }
        }
        print(AppendBenchmark.report(rows))
    }
}
