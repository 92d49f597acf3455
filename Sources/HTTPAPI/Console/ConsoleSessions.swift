import Crypto
import Foundation
import Synchronization

/// The console's signed-in sessions, kept in this process: a random 256-bit id (the cookie),
/// a per-session CSRF token every form carries, and the user. Only a hash of each id is kept.
/// A session ends on sign-out, after ``ConsoleConfiguration/sessionIdleTimeout`` unused, after
/// ``ConsoleConfiguration/sessionLifetime``, or when ``ConsoleConfiguration/maxSessions`` newer
/// ones push it out.
final class ConsoleSessions: Sendable {
    /// One signed-in session.
    struct Session: Sendable {
        /// The value every form of the session must carry (`csrf`).
        var csrfToken: String
        var userId: UUID
        /// The credential version at sign-in: a password change ends the session.
        var credentialVersion: Int
        var started: ContinuousClock.Instant
        var lastUsed: ContinuousClock.Instant
    }

    private let configuration: ConsoleConfiguration
    private let sessions = Mutex<[String: Session]>([:])

    init(configuration: ConsoleConfiguration) {
        self.configuration = configuration
    }

    /// Starts a session for `principal`; returns its id (for the cookie) and the session.
    func open(for principal: Principal) -> (id: String, session: Session) {
        let id = Self.randomToken()
        let now = ContinuousClock.now
        let session = Session(
            csrfToken: Self.randomToken(), userId: principal.userId, credentialVersion: principal.credentialVersion, started: now, lastUsed: now)
        sessions.withLock { sessions in
            sessions = sessions.filter { isLive($0.value, at: now) }
            while sessions.count >= max(configuration.maxSessions, 1), let oldest = sessions.min(by: { $0.value.lastUsed < $1.value.lastUsed }) {
                sessions[oldest.key] = nil
            }
            sessions[Self.key(id)] = session
        }
        return (id, session)
    }

    /// The live session with this id, marked as used now; `nil` for an unknown or ended one.
    func session(_ id: String) -> Session? {
        guard id.utf8.count == Self.tokenLength else { return nil }
        let key = Self.key(id)
        let now = ContinuousClock.now
        return sessions.withLock { sessions in
            guard var session = sessions[key] else { return nil }
            guard isLive(session, at: now) else {
                sessions[key] = nil
                return nil
            }
            session.lastUsed = now
            sessions[key] = session
            return session
        }
    }

    /// Ends the session with this id (signing out).
    func close(_ id: String) {
        let key = Self.key(id)
        sessions.withLock { $0[key] = nil }
    }

    private func isLive(_ session: Session, at now: ContinuousClock.Instant) -> Bool {
        now - session.lastUsed < configuration.sessionIdleTimeout && now - session.started < configuration.sessionLifetime
    }

    /// The length of a token: 32 random bytes, base64url without padding.
    static let tokenLength = 43

    /// 32 random bytes, base64url without padding.
    static func randomToken() -> String {
        let bytes = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
        return bytes.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Whether two tokens are equal, in time independent of where they differ.
    static func tokensMatch(_ given: String, _ expected: String) -> Bool {
        let a = Array(given.utf8)
        let b = Array(expected.utf8)
        guard a.count == b.count else { return false }
        return zip(a, b).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }

    private static func key(_ id: String) -> String {
        SHA256.hash(data: Data(id.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
