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

    @Flag(help: "Skip the rebuilds of single projections; measure only the read and the one-pass rebuild of all.")
    var onePassOnly = false

    func validate() throws {
        guard (10_000...50_000_000).contains(events) else { throw ValidationError("--events must be between 10000 and 50000000") }
        guard (100...500_000).contains(pageSize) else { throw ValidationError("--page-size must be between 100 and 500000") }
        guard (1...8).contains(readers) else { throw ValidationError("--readers must be between 1 and 8") }
    }

    func run() async throws {
        let logger = {
            var logger = Logger(label: "nexus.bench")
            logger.logLevel = .warning
            return logger
        }()
        let (events, pageSize, readers, onePassOnly) = (self.events, self.pageSize, self.readers, self.onePassOnly)
        try await database.withClient(logger: logger, maximumConnections: 8) { client in
            try await ProjectionsRebuildCommand.migrate(client, logger: logger)
            let store = PostgresEventStore(client: client, logger: logger)
            let head = Int(try await store.headPosition())
            if head < events {
                Progress.line("bench rebuild: pre-filling \(events - head) events…")
                try await RebuildBenchmark.prefill(events - head, client: client, logger: logger, progress: Progress.line)
            }
            let total = Int(try await store.headPosition())
            Progress.line("bench rebuild: plain readAll of \(total) events…")
            let (readCount, readSeconds) = try await RebuildBenchmark.readEverything(store, pageSize: pageSize)
            var configuration = ProjectionRebuilder.Configuration()
            configuration.pageSize = pageSize
            configuration.readers = readers
            let rebuilder = ProjectionRebuilder(client: client, store: store, configuration: configuration, logger: logger)
            let readRate = Double(readCount) / readSeconds
            print("read all      \(readCount) events in \(String(format: "%.1f", readSeconds)) s: \(String(format: "%.0f", readRate)) events/s")
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
