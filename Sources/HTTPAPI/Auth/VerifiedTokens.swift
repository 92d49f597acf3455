import Foundation
import Synchronization

/// Tokens whose signature and claims were verified, with their principal, until they expire:
/// a client sends the same token with every request, and checking it again each time (parse,
/// HMAC, JSON decoding of the claims) cost about a twentieth of the server's CPU under load.
/// Nothing a cached token grants outlives it: the entry goes at the token's own expiry, and the
/// account's current role and status are still checked per request (``AccountCache``).
final class VerifiedTokens: Sendable {
    private struct Entry {
        var principal: Principal
        var expires: Date
    }

    private let entries = Mutex<[String: Entry]>([:])
    private let capacity: Int

    /// - Parameter capacity: the most tokens kept; when full, all are dropped and verified again on use.
    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// The principal of `token` if it was verified and has not expired at `now`.
    func principal(of token: String, at now: Date) -> Principal? {
        entries.withLock { entries in
            guard let entry = entries[token] else { return nil }
            guard entry.expires > now else {
                entries[token] = nil
                return nil
            }
            return entry.principal
        }
    }

    /// Keeps `token`'s principal until `expires`.
    func keep(_ token: String, _ principal: Principal, until expires: Date) {
        entries.withLock { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[token] = Entry(principal: principal, expires: expires)
        }
    }
}
