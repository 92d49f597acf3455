import Synchronization

/// The idempotency keys of commands this process is running: a second request with a key still
/// in flight is answered 409 at once instead of racing the first (the IETF Idempotency-Key
/// draft's "request already in progress"). Across processes the event store decides: the key is
/// unique there, so a duplicate that races one in another process appends nothing and replays
/// the first result (or, with another body, is refused as a reused key).
final class KeysInFlight: Sendable {
    private let keys = Mutex<Set<String>>([])

    /// Runs `body` holding `key`; throws the in-flight problem when another request holds it.
    func holding<Result>(_ key: String?, _ body: () async throws -> Result) async throws -> Result {
        guard let key else { return try await body() }
        guard keys.withLock({ $0.insert(key).inserted }) else { throw Problem.idempotencyKeyInFlight }
        defer { _ = keys.withLock { $0.remove(key) } }
        return try await body()
    }
}
