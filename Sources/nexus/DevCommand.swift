import ArgumentParser
import Foundation
import HTTPAPI
import Logging
import NexusConfiguration

/// `nexus dev`: everything in one process for a newcomer — migrations, the embedded Kafka
/// broker, relay, projection workers, the HTTP API — then demo data and ready-to-paste commands.
struct DevCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dev",
        abstract: "Run the whole service with the embedded Kafka broker and demo data (development only).",
        discussion: "Uses the built-in development signing key. Ctrl-C stops everything cleanly."
    )

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var kafka: KafkaOptions
    @OptionGroup var jobs: JobOptions

    @OptionGroup var listen: HTTPPortOption

    @Flag(name: .customLong("no-demo-data"), help: "Do not load the demo catalog, users and orders.")
    var noDemoData = false

    func run() async throws {
        let logger = {
            var logger = Logger(label: "nexus.dev")
            logger.logLevel = NexusSettings.current.logLevel.flatMap(Logger.Level.init(rawValue:)) ?? .warning
            return logger
        }()
        try await database.withClient(logger: logger) { client in
            for migrator in Migrations.all {
                _ = try await migrator.migrate(client, logger: logger)
            }
            _ = try await Migrations.sealWebhookSecrets(client, privacy: try PrivacySettings.required(development: true), logger: logger)
        }
        PrometheusMetrics.bootstrap()
        var configuration = HTTPServerConfiguration(jwtSecret: HTTPServerConfiguration.developmentSecret)
        configuration.port = listen.port
        try configuration.readSharedEnvironment()
        // A lower cost makes the demo's sign-ins fast in debug builds; production keeps 12.
        configuration.bcryptCost = NexusSettings.current.bcryptCost.map { UInt8($0) } ?? configuration.bcryptCost
        configuration.bootstrapAdmin = .init(email: DemoData.admin.email, password: DemoData.admin.password, name: DemoData.admin.name)
        let nexus = try NexusServices(
            database: database, kafka: kafka.defaultingToEmbedded, runsRelay: true, runsProjections: true, jobs: jobs,
            privacy: try PrivacySettings.required(development: true), webhooks: try jobs.webhooks.configuration(),
            readCacheEntries: NexusSettings.current.readCacheCapacity, logger: logger)
        try await nexus.prepareEmbeddedBroker(database: database)
        let welcome = DevWelcome(
            baseURL: URL(string: "http://127.0.0.1:\(listen.port)")!, kafkaBootstrap: nexus.bootstrapServers,
            databaseURL: database.redactedURL, topicPrefix: kafka.topicPrefix, loadsDemoData: !noDemoData)
        let api = try await NexusAPI.build(
            configuration: configuration, store: nexus.store, privacy: try nexus.privacyServices(), services: nexus.services + [welcome],
            modules: nexus.routeModules(withOperations: true), logger: logger)
        try await nexus.withDeadlines { try await api.application.runService() }
    }
}
