import ArgumentParser
import EventStorePostgres
import Logging
import PostgresNIO
import Projections

/// `nexus projections rebuild NAME|--all`: rebuilds from the event store into a new generation,
/// with a progress bar on standard error, then switches atomically.
struct ProjectionsRebuildCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rebuild",
        abstract: "Rebuild read models from the event store (zero downtime, atomic switch).",
        discussion: "The serving generation keeps answering queries until the switch; an interrupted rebuild leaves it untouched."
    )

    @OptionGroup var database: DatabaseOptions

    @Argument(help: "The projection to rebuild (products, stock, users, orders, categories).")
    var name: String?

    @Flag(help: "Rebuild every projection.")
    var all = false

    @Option(help: "Events per read page and apply transaction.")
    var pageSize = ProjectionRebuilder.Configuration().pageSize

    func validate() throws {
        guard (name == nil) != !all else { throw ValidationError("give a projection name or --all, not both") }
        guard (100...500_000).contains(pageSize) else { throw ValidationError("--page-size must be between 100 and 500000") }
        if let name, (try? ProjectionCatalog.named(name)) == nil {
            throw ValidationError("unknown projection \(name); known: \(ProjectionCatalog.all.map(\.name).joined(separator: ", "))")
        }
    }

    func run() async throws {
        let projections = try all ? ProjectionCatalog.all : [ProjectionCatalog.named(name ?? "")]
        let logger = {
            var logger = Logger(label: "nexus.projections")
            logger.logLevel = .warning
            return logger
        }()
        let pageSize = self.pageSize
        try await database.withClient(logger: logger) { client in
            try await Self.migrate(client, logger: logger)
            let store = PostgresEventStore(client: client, logger: logger)
            var configuration = ProjectionRebuilder.Configuration()
            configuration.pageSize = pageSize
            let rebuilder = ProjectionRebuilder(client: client, store: store, configuration: configuration, logger: logger)
            let total = Int(try await store.headPosition())
            let bar = ProgressBar(label: all ? "all" : projections.map(\.name).joined(), total: Int64(total))
            let reports = try await rebuilder.rebuild(projections, total: total) { bar.update(done: Int64($0.eventsDone)) }
            bar.finish()
            for report in reports {
                print("\(report.projection): generation \(report.generation.number) serving, \(report.eventsRead) events read, "
                    + "\(report.eventsApplied) applied in \(String(format: "%.1f", report.elapsedSeconds)) s")
            }
        }
    }

    static func migrate(_ client: PostgresClient, logger: Logger) async throws {
        for migrator in Migrations.all {
            do {
                try await migrator.migrate(client, logger: logger)
            } catch let error as MigrationError {
                throw CommandFailure(error.message)
            }
        }
    }
}
