import NexusEvents
import Synchronization

/// Each signed-in user's current role and status, so that authenticating a request does not
/// read the user's stream every time.
///
/// How stale an entry can be: a change committed through this process (role change,
/// deactivation) applies to every request that starts after the command's response, because
/// ``CommandExecutor`` invalidates the user's entry right after appending to the user's stream,
/// and a stream read that overlapped such an invalidation is not kept. A change committed by
/// another process applies within ``HTTPServerConfiguration/accountCacheLifetime``.
final class AccountCache: Sendable {
    /// What authentication needs of a user.
    struct Account: Sendable, Equatable {
        var role: UserRole
        var isActive: Bool
        /// The credential in force; tokens issued under another are refused.
        var credentialVersion = 1
    }

    private struct Entry {
        var account: Account
        var expires: ContinuousClock.Instant
    }

    private struct State {
        var entries: [String: Entry] = [:]
        /// Counts invalidations of user streams; a read that saw another count is not kept.
        var invalidations: UInt64 = 0
    }

    private let state = Mutex(State())
    private let lifetime: Duration
    private let capacity: Int

    /// - Parameters:
    ///   - lifetime: how long an entry is used before the stream is read again (zero: never cached).
    ///   - capacity: the most users kept; when full, expired entries go, then all if none had expired.
    init(lifetime: Duration, capacity: Int) {
        self.lifetime = lifetime
        self.capacity = max(1, capacity)
    }

    /// The account of the user whose stream is `stream`: cached, or from `load` (and kept).
    func account(of stream: String, load: () async throws -> Account) async throws -> Account {
        let now = ContinuousClock.now
        let (cached, seen) = state.withLock { state in
            (state.entries[stream].flatMap { $0.expires > now ? $0.account : nil }, state.invalidations)
        }
        if let cached { return cached }
        let account = try await load()
        guard lifetime > .zero else { return account }
        state.withLock { state in
            guard state.invalidations == seen else { return }
            if state.entries.count >= capacity {
                state.entries = state.entries.filter { $0.value.expires > now }
                if state.entries.count >= capacity { state.entries.removeAll(keepingCapacity: true) }
            }
            state.entries[stream] = Entry(account: account, expires: now + lifetime)
        }
        return account
    }

    /// Forgets the users among `streams` (called after appending to them).
    func invalidate(_ streams: [String]) {
        let users = streams.filter { Streams.category(of: $0) == "user" }
        guard !users.isEmpty else { return }
        state.withLock { state in
            state.invalidations &+= 1
            for stream in users { state.entries[stream] = nil }
        }
    }
}
