import Foundation
public import Logging
public import PostgresNIO

/// A private database on the test cluster that `ops/test` starts, unique to one test.
///
/// The cluster is found through `NEXUS_TEST_PG_HOST`, `NEXUS_TEST_PG_PORT` and
/// `NEXUS_TEST_PG_SUPERUSER`. The database is owned by the application role `nexus`.
public struct TestDatabase: Sendable {
    /// The database's name, e.g. `t_eventstore_1a2b3c…`.
    public let name: String
    /// Connects as the application role `nexus`.
    public let configuration: PostgresClient.Configuration
    /// Connects as the cluster's superuser (for tests that must bypass the application's guards).
    public let superuserConfiguration: PostgresClient.Configuration
    /// `postgres://` URL for the application role (for the CLI binary).
    public let url: String

    /// Creates a fresh empty database named after `prefix` plus a random suffix.
    public static func create(prefix: String) async throws -> TestDatabase {
        let environment = ProcessInfo.processInfo.environment
        guard let host = environment["NEXUS_TEST_PG_HOST"], let port = environment["NEXUS_TEST_PG_PORT"].flatMap(Int.init) else {
            throw TestDatabaseError(message: "NEXUS_TEST_PG_HOST/NEXUS_TEST_PG_PORT are not set: run the tests with ./ops/test")
        }
        let superuser = environment["NEXUS_TEST_PG_SUPERUSER"] ?? "postgres"
        let sanitized = prefix.lowercased().filter { $0.isLetter || $0.isNumber || $0 == "_" }
        let name = "t_\(sanitized.prefix(30))_\(UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12))"
        let admin = PostgresClient.Configuration(host: host, port: port, username: superuser, password: nil, database: "postgres", tls: .disable)
        _ = try await withClient(admin) { client in
            // Identifiers cannot be bound parameters; `name` is built above from [a-z0-9_] only.
            try await client.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name) OWNER nexus"))
        }
        var configuration = PostgresClient.Configuration(host: host, port: port, username: "nexus", password: "nexus", database: name, tls: .disable)
        configuration.options.maximumConnections = 20
        var superuserConfiguration = PostgresClient.Configuration(host: host, port: port, username: superuser, password: nil, database: name, tls: .disable)
        superuserConfiguration.options.maximumConnections = 4
        return TestDatabase(
            name: name,
            configuration: configuration,
            superuserConfiguration: superuserConfiguration,
            url: "postgres://nexus:nexus@\(host):\(port)/\(name)"
        )
    }

    /// Runs `body` with a running client for `configuration`, shutting the client down afterwards.
    public static func withClient<Result: Sendable>(
        _ configuration: PostgresClient.Configuration,
        logger: Logger = Logger(label: "nexus.test"),
        _ body: @Sendable (PostgresClient) async throws -> Result
    ) async throws -> Result {
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        return try await BackgroundRun.around("PostgresClient", { await client.run() }) { try await body(client) }
    }
}

/// The test environment is not set up.
public struct TestDatabaseError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
