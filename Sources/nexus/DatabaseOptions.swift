import ArgumentParser
import EventStorePostgres
import Logging
import PostgresNIO

/// `--database-url`, shared by every command that talks to PostgreSQL.
struct DatabaseOptions: ParsableArguments {
    @Option(
        name: .customLong("database-url"),
        help: ArgumentHelp(
            "PostgreSQL URL, postgres://user:password@host:port/database (env NEXUS_DATABASE_URL).",
            valueName: "url"
        )
    )
    var url: String = Environment.value("NEXUS_DATABASE_URL") ?? "postgres://nexus:nexus@127.0.0.1:5432/nexus"

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
