public import Logging
public import PostgresNIO

/// Failed sign-ins per account (keyed by ``EmailLookup`` key, so unknown emails are counted the
/// same way as known ones and no email is stored): after `limit` failures within `window`,
/// further attempts are refused until the window ends. Kept in PostgreSQL so every API
/// instance shares the count.
public struct SignInThrottle: Sendable {
    let storage: any SignInFailureStorage
    let limit: Int
    let window: Duration

    /// - Parameters:
    ///   - limit: failures allowed per window (default 5).
    ///   - window: the window, from the first failure (default 15 minutes).
    public init(client: PostgresClient, limit: Int = 5, window: Duration = .seconds(15 * 60), logger: Logger) {
        self.init(storage: SignInFailureTable(client: client, logger: logger), limit: limit, window: window)
    }

    /// A throttle counting failures in `storage` (see ``init(client:limit:window:logger:)``).
    public init(storage: any SignInFailureStorage, limit: Int = 5, window: Duration = .seconds(15 * 60)) {
        self.storage = storage
        self.limit = max(1, limit)
        self.window = window
    }

    /// Seconds until `account` may try again, or `nil` when it may try now.
    public func retryAfter(_ account: String) async throws -> Int? {
        try await storage.retryAfter(account, limit: limit, window: window)
    }

    /// Counts a failure of `account` (a new window starts when the last one ended).
    public func recordFailure(_ account: String) async throws {
        try await storage.recordFailure(account, window: window)
    }

    /// Forgets `account`'s failures (after a successful sign-in, or an erasure).
    public func reset(_ account: String) async throws {
        try await storage.reset(account)
    }
}
