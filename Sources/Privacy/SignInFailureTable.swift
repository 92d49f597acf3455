import EventStorePostgres
import Logging
import PostgresNIO

/// The `sign_in_failures` table: one row per account key with its failures in the current
/// window. Parameterised SQL only.
struct SignInFailureTable: SignInFailureStorage {
    let client: PostgresClient
    let logger: Logger

    func retryAfter(_ account: String, limit: Int, window: Duration) async throws -> Int? {
        let windowSeconds = Self.seconds(window)
        return try await client.withRows(
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

    func recordFailure(_ account: String, window: Duration) async throws {
        let windowSeconds = Self.seconds(window)
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

    func reset(_ account: String) async throws {
        try await client.withRows("DELETE FROM sign_in_failures WHERE account_key = \(account)", logger: logger) { _ in }
    }

    private static func seconds(_ window: Duration) -> Double {
        Double(window.components.seconds) + Double(window.components.attoseconds) / 1e18
    }
}
