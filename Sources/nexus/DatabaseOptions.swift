import ArgumentParser
import EventStorePostgres
import Logging
import NexusConfiguration
import PostgresNIO

/// `--database-url`, shared by every command that talks to PostgreSQL.
struct DatabaseOptions: ParsableArguments {
    @Option(
        name: .customLong("database-url"),
        help: ArgumentHelp(
            "PostgreSQL URL, postgres://user:password@host:port/database (env NEXUS_DATABASE_URL; default \(Self.defaultURL)).",
            valueName: "url"
        )
    )
    var requestedURL: String?

    /// The development database, when no URL is configured.
    static let defaultURL = "postgres://nexus:nexus@127.0.0.1:5432/nexus"

    /// `--database-url`, else `NEXUS_DATABASE_URL`, else ``defaultURL``. Not an option's default
    /// value, so that `--help` never prints a configured password.
    var url: String { requestedURL ?? NexusSettings.current.databaseURL?.value ?? Self.defaultURL }

    @Option(
        name: .customLong("db-connection-wait"),
        help: ArgumentHelp(
            "Longest wait, in milliseconds, for a database connection (opening one included), and of an append for one to commit on; then 503 (env NEXUS_DB_CONNECTION_WAIT_MS).",
            valueName: "ms"))
    var connectionWaitMilliseconds = NexusSettings.current.databaseConnectionWaitMilliseconds ?? Self.milliseconds(\.connectionWait)

    @Option(
        name: .customLong("db-statement-timeout"),
        help: ArgumentHelp(
            "statement_timeout, in milliseconds, of a service's database connections (env NEXUS_DB_STATEMENT_TIMEOUT_MS).",
            valueName: "ms"))
    var statementTimeoutMilliseconds = NexusSettings.current.databaseStatementTimeoutMilliseconds ?? Self.milliseconds(\.statement)

    @Option(
        name: .customLong("db-startup-wait"),
        help: ArgumentHelp(
            "Longest wait, in milliseconds, for a database connection during a service's start-up steps (env NEXUS_DB_STARTUP_WAIT_MS).",
            valueName: "ms"))
    var startupWaitMilliseconds = NexusSettings.current.databaseStartupWaitMilliseconds ?? Self.milliseconds(\.startup)

    /// The default deadline at `deadline`, in milliseconds.
    private static func milliseconds(_ deadline: KeyPath<PostgresDeadlines, Duration>) -> Int {
        Int(PostgresDeadlines.milliseconds(PostgresDeadlines()[keyPath: deadline]))
    }

    func validate() throws {
        for (name, value) in [
            ("--db-connection-wait", connectionWaitMilliseconds), ("--db-statement-timeout", statementTimeoutMilliseconds),
            ("--db-startup-wait", startupWaitMilliseconds),
        ] {
            guard SettingLimits.databaseMilliseconds.contains(value) else { throw ValidationError("\(name) must be between 1 and 3600000 milliseconds") }
        }
    }

    /// The deadlines of a service's database work (see ``PostgresDeadlines``).
    var deadlines: PostgresDeadlines {
        PostgresDeadlines(
            connectionWait: .milliseconds(connectionWaitMilliseconds), statement: .milliseconds(statementTimeoutMilliseconds),
            startup: .milliseconds(startupWaitMilliseconds))
    }

    /// The configuration of a long-running service's client: ``clientConfiguration(maximumConnections:)``
    /// with ``deadlines``' `statement_timeout` (one-shot commands keep none, for their long statements).
    func serviceClientConfiguration() throws -> PostgresClient.Configuration {
        var configuration = try clientConfiguration()
        deadlines.apply(to: &configuration)
        return configuration
    }

    /// The client configuration, or a one-line validation error.
    func clientConfiguration(maximumConnections: Int = 20) throws -> PostgresClient.Configuration {
        do {
            var configuration = try PostgresClient.Configuration(url: url)
            configuration.options.maximumConnections = maximumConnections
            return configuration
        } catch {
            throw ValidationError(error.message)
        }
    }

    /// Runs `body` with a running client; fails with a one-line error if the database is unreachable.
    func withClient<Result: Sendable>(
        logger: Logger,
        maximumConnections: Int = 20,
        _ body: @Sendable (PostgresClient) async throws -> Result
    ) async throws -> Result {
        let client = PostgresClient(configuration: try clientConfiguration(maximumConnections: maximumConnections), backgroundLogger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            try await checkReachable(client, logger: logger)
            return try await body(client)
        }
    }

    /// Fails within `timeout` with a one-line error when the database does not answer
    /// (the client would otherwise keep retrying the connection).
    private func checkReachable(_ client: PostgresClient, logger: Logger, timeout: Duration = .seconds(5)) async throws {
        let url = redactedURL
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                do {
                    try await client.query("SELECT 1", logger: logger)
                } catch {
                    throw CommandFailure("cannot reach the database at \(url): \(String(describing: error).prefix(200))")
                }
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                throw CommandFailure("cannot reach the database at \(url): no answer within \(timeout)")
            }
            defer { group.cancelAll() }
            try await group.next()
        }
    }

    /// The URL without its password, for messages.
    var redactedURL: String {
        guard let at = url.lastIndex(of: "@"), let scheme = url.range(of: "://"), let colon = url[scheme.upperBound..<at].firstIndex(of: ":") else {
            return url
        }
        return url.replacingCharacters(in: url.index(after: colon)..<at, with: "***")
    }
}
