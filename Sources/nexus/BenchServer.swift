import ArgumentParser
import Foundation
import HTTPAPI
import Logging
import NexusConfiguration
import NexusBenchmarks
import Privacy
import ServiceLifecycle

/// A whole Nexus (API, relay, projection workers, embedded broker unless configured otherwise)
/// running in-process for the HTTP benchmarks, with a constant route to compare against.
enum BenchServer {
    /// Runs the service on `port`, waits until it answers, signs in the bootstrap admin and
    /// calls `body` with the base URL and the admin's token; stops the service afterwards.
    static func run<Result: Sendable>(
        database: DatabaseOptions, port: Int, logger: Logger,
        _ body: @escaping @Sendable (URL, String) async throws -> Result
    ) async throws -> Result {
        try await database.withClient(logger: logger) { client in
            for migrator in Migrations.all { _ = try await migrator.migrate(client, logger: logger) }
        }
        // The services' per-event latency timers also land where `bench e2e` reads them.
        PrometheusMetrics.bootstrap(alongside: [PipelineHistograms.shared])
        var configuration = HTTPServerConfiguration(jwtSecret: HTTPServerConfiguration.developmentSecret)
        configuration.port = port
        configuration.bcryptCost = 4
        configuration.rateLimitBurst = 1_000_000
        configuration.rateLimitPerSecond = 1_000_000
        configuration.bootstrapAdmin = .init(email: DemoData.admin.email, password: DemoData.admin.password)
        let kafka = try KafkaOptions.parse([])
        let nexus = try NexusServices(
            database: database, kafka: kafka, runsRelay: true, runsProjections: true, privacy: .development,
            readCacheEntries: NexusSettings.current.readCacheCapacity, logger: logger)
        let api = try await NexusAPI.build(
            configuration: configuration, store: nexus.store, privacy: try nexus.privacyServices(), services: nexus.services,
            modules: nexus.routeModules(withOperations: true) + [BenchConstantRoute.module], logger: logger)
        let base = URL(string: "http://127.0.0.1:\(port)")!
        let measurement = BenchMeasurement {
            let client = APIClient(baseURL: base)
            try await client.waitUntilHealthy(timeout: .seconds(60))
            return try await body(base, try await client.token(email: DemoData.admin.email, password: DemoData.admin.password))
        }
        // When the measurement ends, the whole service shuts down gracefully (not by cancellation).
        let group = ServiceGroup(configuration: .init(
            services: [
                .init(service: api.application),
                .init(service: measurement, successTerminationBehavior: .gracefullyShutdownGroup, failureTerminationBehavior: .gracefullyShutdownGroup),
            ],
            logger: logger))
        try await nexus.withDeadlines { try await group.run() }
        return try measurement.outcome()
    }

    /// Waits (up to a minute: the consumer groups join first) until `path` answers with the
    /// read model at `position`.
    static func waitForReadModel(_ client: APIClient, token: String, path: String, position: Int) async throws {
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            if try await client.send("GET", "\(path)?minPosition=\(position)", token: token).isSuccess { return }
        }
        throw CommandFailure("\(path) did not reach position \(position) within a minute")
    }
}
