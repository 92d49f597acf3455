import ArgumentParser
import Logging
import NexusConfiguration
import Relay

/// `nexus relay`: publishes the event store to Kafka until SIGTERM/SIGINT. Start several for
/// fail-over: one publishes, the others wait as hot standbys.
struct RelayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "relay",
        abstract: "Publish every event to its area's Kafka topic (CloudEvents headers, at least once)."
    )

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var kafka: KafkaOptions
    @OptionGroup var ops: OpsPortOption

    @Option(name: .customLong("ce-source"), help: "CloudEvents source of the published events (env NEXUS_CE_SOURCE).")
    var source: String = NexusSettings.current.cloudEventsSource ?? "/nexus"

    @Option(name: .customLong("batch-size"), help: "Events read and published per batch.")
    var batchSize: Int = RelayConfiguration().batchSize

    func validate() throws {
        guard (1...100_000).contains(batchSize) else { throw ValidationError("--batch-size must be between 1 and 100000") }
    }

    func run() async throws {
        let logger = Logger(label: "nexus.relay")
        var configuration = RelayConfiguration()
        configuration.source = source
        configuration.batchSize = batchSize
        PrometheusMetrics.bootstrap()
        let nexus = try NexusServices(
            database: database, kafka: kafka, runsRelay: true, runsProjections: false,
            relayConfiguration: configuration, logger: logger)
        try await nexus.run(opsPort: ops.port)
    }
}
