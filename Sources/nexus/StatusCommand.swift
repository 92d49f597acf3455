import ArgumentParser
import EventStorePostgres
import Logging
import PostgresNIO
import Projections
import Relay

/// `nexus status`: store size, relay lag and projection lag, from the database alone (works
/// whichever processes run the relay and the workers).
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show the store's size, the relay's lag and each projection's lag."
    )

    @OptionGroup var database: DatabaseOptions

    @Option(help: "Count pending projection events up to this many.")
    var cap: Int64 = 1_000_000

    func run() async throws {
        let logger = {
            var logger = Logger(label: "nexus.status")
            logger.logLevel = .warning
            return logger
        }()
        let lines = try await database.withClient(logger: logger) { client in
            let store = PostgresEventStore(client: client, logger: logger)
            let head = try await store.headPosition()
            var lines: [String] = []
            let size = try await client.query(
                "SELECT count(*)::int8, pg_size_pretty(pg_total_relation_size('events')) FROM events", logger: logger)
            for try await (count, bytes) in size.decode((Int64, String).self) {
                lines.append("store        \(count) events, head position \(head), \(bytes) on disk")
            }
            let relay = try await PostgresCheckpointStore(client: client, logger: logger).position(of: RelayConfiguration().checkpointName)
            lines.append("relay        checkpoint \(relay), lag \(max(0, head - relay)) position(s)")
            let progress = (try? await ProjectionProgress.entries(client: client, cap: cap, logger: logger)) ?? [:]
            for projection in ProjectionCatalog.all {
                let name = projection.name.padding(toLength: 12, withPad: " ", startingAt: 0)
                guard let entry = progress[projection.name] else {
                    lines.append("\(name) not created (run nexus migrate and a projection worker or rebuild)")
                    continue
                }
                let pending = entry.pendingEvents >= cap ? "≥ \(cap)" : "\(entry.pendingEvents)"
                lines.append("\(name) applied up to position \(entry.appliedPosition), \(pending) event(s) pending")
            }
            return lines
        }
        print(lines.joined(separator: "\n"))
    }
}
