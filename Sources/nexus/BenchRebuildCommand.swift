import ArgumentParser
import EventStorePostgres
import Foundation
import Logging
import NexusBenchmarks
import Projections

/// `nexus bench rebuild`: fills a store with synthetic catalog and inventory events, then
/// compares rebuilding each projection, and all of them in one pass over the store, with a
/// plain `readAll` of the same events.
struct BenchRebuildCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rebuild",
        abstract: "Projection rebuild throughput versus a plain read of the same events.",
        discussion: "Run against a dedicated, empty database with a release build. Pre-fills with INSERT … SELECT generate_series (the hash-chain trigger runs per row)."
    )

    @OptionGroup var database: DatabaseOptions

    @Option(help: "Events to pre-fill (skipped when the store already holds at least this many).")
    var events = 1_000_000

    @Option(help: "Events per read page and apply transaction.")
    var pageSize = 100_000

    @Option(help: "Concurrent read queries per rebuild page.")
    var readers = 2

    @Option(help: "Alternating rounds of the plain read and its COPY reference; the medians are reported.")
    var rounds = 3

    @Flag(help: "Skip the rebuilds of single projections; measure only the read and the one-pass rebuild of all.")
    var onePassOnly = false

    func validate() throws {
        guard (10_000...50_000_000).contains(events) else { throw ValidationError("--events must be between 10000 and 50000000") }
        guard (100...500_000).contains(pageSize) else { throw ValidationError("--page-size must be between 100 and 500000") }
        guard (1...8).contains(readers) else { throw ValidationError("--readers must be between 1 and 8") }
        guard (1...20).contains(rounds) else { throw ValidationError("--rounds must be between 1 and 20") }
    }

    func run() async throws {
        let logger = {
            var logger = Logger(label: "nexus.bench")
            logger.logLevel = .warning
            return logger
        }()
        let (events, pageSize, readers, rounds, onePassOnly) = (self.events, self.pageSize, self.readers, self.rounds, self.onePassOnly)
        let url = database.url
        try await database.withClient(logger: logger, maximumConnections: 8) { client in
            try await ProjectionsRebuildCommand.migrate(client, logger: logger)
            let store = PostgresEventStore(client: client, logger: logger)
            let present = Int(try await store.headPosition())
            if present < events {
                Progress.line("bench rebuild: pre-filling \(events - present) events…")
                try await RebuildBenchmark.prefill(events - present, client: client, logger: logger, progress: Progress.line)
            }
            let head = try await store.headPosition()
            let total = Int(head)
            Progress.line("bench rebuild: \(rounds) rounds of a plain readAll of \(total) events and its COPY reference…")
            _ = try RebuildBenchmark.copyEverything(url: url, upTo: head)  // warm-up: the first scan of fresh rows also sets their hint bits
            let reads = try await RebuildBenchmark.readAndCopy(store, url: url, upTo: head, pageSize: pageSize, rounds: rounds)
            print(reads.report)
            let readRate = reads.readRate
            var configuration = ProjectionRebuilder.Configuration()
            configuration.pageSize = pageSize
            configuration.readers = readers
            let rebuilder = ProjectionRebuilder(client: client, store: store, configuration: configuration, logger: logger)
            for projection in ProjectionCatalog.all where !onePassOnly {
                let bar = ProgressBar(label: projection.name, total: Int64(total))
                let report = try await rebuilder.rebuild(projection, total: total) { bar.update(done: Int64($0.eventsDone)) }
                bar.finish()
                print(RebuildBenchmark.rateLine(of: report, label: projection.name, readRate: readRate))
            }
            let bar = ProgressBar(label: "all", total: Int64(total))
            let reports = try await rebuilder.rebuild(ProjectionCatalog.all, total: total) { bar.update(done: Int64($0.eventsDone)) }
            bar.finish()
            if var all = reports.max(by: { $0.elapsedSeconds < $1.elapsedSeconds }) {
                all.eventsApplied = reports.map(\.eventsApplied).reduce(0, +)
                print(RebuildBenchmark.rateLine(of: all, label: "all (one pass)", readRate: readRate))
            }
        }
    }
}
