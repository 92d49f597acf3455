import EventStorePostgres
public import Foundation
public import Logging
public import PostgresNIO

/// Failed sign-ins per account (keyed by ``EmailLookup`` key, so unknown emails are counted the
/// same way as known ones and no email is stored): after `limit` failures within `window`,
/// further attempts are refused until the window ends. Kept in PostgreSQL so every API
/// instance shares the count.
public struct SignInThrottle: Sendable {
    let client: PostgresClient
    let limit: Int
    let window: Duration
    let logger: Logger

    /// - Parameters:
    ///   - limit: failures allowed per window (default 5).
    ///   - window: the window, from the first failure (default 15 minutes).
    public init(client: PostgresClient, limit: Int = 5, window: Duration = .seconds(15 * 60), logger: Logger) {
        self.client = client
        self.limit = max(1, limit)
        self.window = window
        self.logger = logger
    }

    private var windowSeconds: Double { Double(window.components.seconds) + Double(window.components.attoseconds) / 1e18 }

    /// Seconds until `account` may try again, or `nil` when it may try now.
    public func retryAfter(_ account: String) async throws -> Int? {
        try await client.withRows(
            """
            SELECT ceil(extract(epoch FROM window_started_at + make_interval(secs => \(windowSeconds)) - now()))::int8
              FROM sign_in_failures
             WHERE account_key = \(account) AND failures >= \(Int32(clamping: limit))
               AND window_started_at + make_interval(secs => \(windowSeconds)) > now()
            """, logger: logger
        ) { rows in
            for try await seconds in rows.decode(Int64.self) { return Int(max(1, seconds)) }
            return nil
        }
    }

    /// Counts a failure of `account` (a new window starts when the last one ended).
    public func recordFailure(_ account: String) async throws {
        try await client.withRows(
            """
            INSERT INTO sign_in_failures (account_key, failures, window_started_at) VALUES (\(account), 1, now())
            ON CONFLICT (account_key) DO UPDATE SET
                failures = CASE WHEN sign_in_failures.window_started_at + make_interval(secs => \(windowSeconds)) > now()
                                THEN sign_in_failures.failures + 1 ELSE 1 END,
                window_started_at = CASE WHEN sign_in_failures.window_started_at + make_interval(secs => \(windowSeconds)) > now()
                                         THEN sign_in_failures.window_started_at ELSE now() END
            """, logger: logger) { _ in }
    }

    /// Forgets `account`'s failures (after a successful sign-in, or an erasure).
    public func reset(_ account: String) async throws {
        try await client.withRows("DELETE FROM sign_in_failures WHERE account_key = \(account)", logger: logger) { _ in }
    }
}
