import ArgumentParser
import EventStore
import EventStorePostgres
import Foundation
import Logging
import PostgresNIO
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
                try await Self.prefill(events - head, client: client, logger: logger)
            }
            let total = Int(try await store.headPosition())
            Progress.line("bench rebuild: plain readAll of \(total) events…")
            let (readCount, readSeconds) = try await Self.readEverything(store, pageSize: pageSize)
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
                Self.printRate(of: report, label: projection.name, readRate: readRate)
            }
            let bar = ProgressBar(label: "all", total: Int64(total))
            let reports = try await rebuilder.rebuild(ProjectionCatalog.all, total: total) { bar.update(done: Int64($0.eventsDone)) }
            bar.finish()
            if var all = reports.max(by: { $0.elapsedSeconds < $1.elapsedSeconds }) {
                all.eventsApplied = reports.map(\.eventsApplied).reduce(0, +)
                Self.printRate(of: all, label: "all (one pass)", readRate: readRate)
            }
        }
    }

    static func printRate(of report: RebuildReport, label: String, readRate: Double) {
        let rate = Double(report.eventsRead) / report.elapsedSeconds
        print(
            "\(label.padding(toLength: 14, withPad: " ", startingAt: 0))  \(report.eventsRead) events "
                + "(\(report.eventsApplied) applied) in \(String(format: "%.1f", report.elapsedSeconds)) s: "
                + "\(String(format: "%.0f", rate)) events/s, ratio to read all \(String(format: "%.3f", rate / readRate))"
        )
    }

    static func readEverything(_ store: PostgresEventStore, pageSize: Int) async throws -> (Int, Double) {
        let clock = ContinuousClock()
        let start = clock.now
        var position: Int64 = 0
        var count = 0
        while true {
            let page = try await store.readAll(after: position, limit: pageSize)
            guard let last = page.last else { break }
            count += page.count
            position = last.position
        }
        let elapsed = clock.now - start
        return (count, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }
}
