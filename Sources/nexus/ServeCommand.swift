import ArgumentParser
import EventStorePostgres
import HTTPAPI
import Logging
import NexusConfiguration
import PostgresNIO

/// `nexus serve`: the HTTP API (commands, queries, operations) with, by default, the relay and
/// the projection workers in the same process.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the HTTP API, with the relay and projection workers unless told otherwise.",
        discussion: """
            The JWT signing secret comes from --jwt-secret or NEXUS_JWT_SECRET (at least 32 bytes); \
            --dev uses a built-in development secret instead and migrates the schema. \
            The first admin is created at start-up when NEXUS_BOOTSTRAP_ADMIN_EMAIL and \
            NEXUS_BOOTSTRAP_ADMIN_PASSWORD are set and that email is not registered yet. \
            Personal data is sealed under NEXUS_MASTER_KEY and emails are looked up by \
            NEXUS_EMAIL_LOOKUP_SECRET; --dev uses development keys instead. \
            /ready and /metrics are served on the ops port (--ops-port, NEXUS_OPS_PORT) and, behind \
            NEXUS_OPS_TOKEN as a bearer token, on the API port; --dev serves them openly on the API port. \
            NEXUS_CORS_ALLOWED_ORIGINS lists the browser origins allowed to call the API (default none). \
            With NEXUS_TLS_CERT_FILE and NEXUS_TLS_KEY_FILE (PEM) the API port speaks HTTPS only.
            """
    )

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var kafka: KafkaOptions
    @OptionGroup var roles: RoleOptions
    @OptionGroup var jobs: JobOptions
    @OptionGroup var ops: OpsPortOption

    @Option(help: "Listening host (env NEXUS_HTTP_HOST).")
    var host = NexusSettings.current.httpHost ?? "127.0.0.1"

    @OptionGroup var listen: HTTPPortOption

    @Option(name: .customLong("jwt-secret"), help: "HS256 signing secret, at least 32 bytes (env NEXUS_JWT_SECRET).")
    var jwtSecret: String?

    @Flag(help: "Development mode: the built-in signing secret, and migrations before serving.")
    var dev = false

    @Flag(help: "Apply schema migrations before serving.")
    var migrate = false

    func run() async throws {
        let logger = Logger(label: "nexus.serve")
        var configuration = try serverConfiguration()
        configuration.host = host
        configuration.port = listen.port
        configuration.servesCommands = roles.servesCommands
        try configuration.readSharedEnvironment()
        configuration.tls = try TLSFiles.configured()
        let opsEndpoints = try OpsEndpoints(dev: dev, port: ops.port, token: NexusSettings.current.opsToken?.value)
        configuration.opsToken = opsEndpoints.token
        if dev || migrate {
            try await database.withClient(logger: logger) { client in
                for migrator in Migrations.all {
                    _ = try await migrator.migrate(client, logger: logger)
                }
                _ = try await Migrations.sealWebhookSecrets(client, privacy: try PrivacySettings.required(development: dev), logger: logger)
            }
        }
        PrometheusMetrics.bootstrap()
        let privacy = try PrivacySettings.required(development: dev)
        let nexus = try NexusServices(
            database: database, kafka: kafka, runsRelay: roles.runsRelay, runsProjections: roles.runsProjections,
            jobs: roles.runsJobs ? jobs : nil,
            privacy: privacy, webhooks: try jobs.webhooks.configuration(), readCacheEntries: NexusSettings.current.readCacheCapacity,
            logger: logger)
        try await nexus.prepareEmbeddedBroker(database: database)
        var services = nexus.services
        if let opsPort = opsEndpoints.port {
            services.append(try await nexus.opsServer(host: host, port: opsPort).application)
        } else if !opsEndpoints.onAPIPort {
            logger.notice("/ready and /metrics are not served: set NEXUS_OPS_PORT or NEXUS_OPS_TOKEN")
        }
        let api = try await NexusAPI.build(
            configuration: configuration, store: nexus.store, privacy: try nexus.privacyServices(), services: services,
            modules: nexus.routeModules(withOperations: opsEndpoints.onAPIPort), logger: logger)
        try await nexus.withDeadlines { try await api.application.runService() }
    }

    private func serverConfiguration() throws -> HTTPServerConfiguration {
        let settings = NexusSettings.current
        let secret: String
        if let jwtSecret = jwtSecret ?? settings.jwtSecret?.value {
            guard jwtSecret.utf8.count >= 32 else { throw ValidationError("the JWT secret must be at least 32 bytes") }
            secret = jwtSecret
        } else if dev {
            secret = HTTPServerConfiguration.developmentSecret
        } else {
            throw ValidationError("set --jwt-secret or NEXUS_JWT_SECRET (or use --dev for the development secret)")
        }
        var configuration = HTTPServerConfiguration(jwtSecret: secret)
        if let email = settings.bootstrapAdminEmail {
            guard let password = settings.bootstrapAdminPassword?.value else {
                throw ValidationError("NEXUS_BOOTSTRAP_ADMIN_EMAIL needs NEXUS_BOOTSTRAP_ADMIN_PASSWORD")
            }
            configuration.bootstrapAdmin = .init(email: email, password: password)
        }
        return configuration
    }
}
