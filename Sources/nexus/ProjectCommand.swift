import ArgumentParser
import Logging
import Projections

/// `nexus project`: the projection workers, one Kafka consumer group per projection. Start
/// several processes to share the partitions.
struct ProjectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "project",
        abstract: "Run the projection workers: Kafka topics → read models, until SIGTERM/SIGINT."
    )

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var kafka: KafkaOptions
    @OptionGroup var ops: OpsPortOption

    @Option(name: .customLong("projection"), help: "Only this projection (repeatable; default: all).")
    var names: [String] = []

    func validate() throws {
        for name in names {
            do { _ = try ProjectionCatalog.named(name) } catch { throw ValidationError(error.message) }
        }
    }

    func run() async throws {
        let logger = Logger(label: "nexus.project")
        let projections = try names.isEmpty ? ProjectionCatalog.all : names.map { try ProjectionCatalog.named($0) }
        PrometheusMetrics.bootstrap()
        let nexus = try NexusServices(
            database: database, kafka: kafka, runsRelay: false, runsProjections: true, projections: projections, logger: logger)
        try await nexus.run(opsPort: ops.port)
    }
}
