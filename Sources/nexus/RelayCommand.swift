import ArgumentParser
import EventStorePostgres
import Kafka
import Logging
import PostgresNIO
import Relay
import ServiceLifecycle

/// `nexus relay`: publishes the event store to Kafka until SIGTERM/SIGINT. Start several for
/// fail-over: one publishes, the others wait as hot standbys.
struct RelayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "relay",
        abstract: "Publish every event to its area's Kafka topic (CloudEvents headers, at least once)."
    )

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var kafka: KafkaOptions

    @Option(name: .customLong("ce-source"), help: "CloudEvents source of the published events (env NEXUS_CE_SOURCE).")
    var source: String = Environment.value("NEXUS_CE_SOURCE") ?? "/nexus"

    @Option(name: .customLong("batch-size"), help: "Events read and published per batch.")
    var batchSize: Int = RelayConfiguration().batchSize

    func validate() throws {
        guard (1...100_000).contains(batchSize) else { throw ValidationError("--batch-size must be between 1 and 100000") }
    }

    func run() async throws {
        let logger = Logger(label: "nexus.relay")
        let client = PostgresClient(configuration: try database.clientConfiguration(maximumConnections: 4), backgroundLogger: logger)
        var services: [any Service] = [client]
        var bootstrap = kafka.bootstrap
        if let broker = try kafka.embeddedBroker(logger: logger) {
            services.append(broker)
            bootstrap = broker.bootstrapServers
        }
        let producer = try KafkaProducer(configuration: KafkaProducerConfiguration(bootstrapServers: bootstrap), logger: logger)
        var configuration = RelayConfiguration()
        configuration.topicPrefix = kafka.topicPrefix
        configuration.source = source
        configuration.batchSize = batchSize
        let relay = RelayService(store: PostgresEventStore(client: client, logger: logger), producer: producer, configuration: configuration, logger: logger)
        services += [producer, relay]
        let group = ServiceGroup(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        try await group.run()
    }
}
