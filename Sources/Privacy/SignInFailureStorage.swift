/// Where ``SignInThrottle`` counts failed sign-ins: the `sign_in_failures` table in PostgreSQL
/// (shared by every API instance; the throttle's `init(client:limit:window:logger:)`), or any
/// store that follows the same rules (the unit tests' memory).
public protocol SignInFailureStorage: Sendable {
    /// Seconds until `account` may try again after `limit` failures within `window` from its
    /// first, or `nil` when it may try now.
    func retryAfter(_ account: String, limit: Int, window: Duration) async throws -> Int?
    /// Counts a failure of `account` (a new window starts when the last one ended).
    func recordFailure(_ account: String, window: Duration) async throws
    /// Forgets `account`'s failures.
    func reset(_ account: String) async throws
}
