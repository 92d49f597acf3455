import Foundation
import NexusDomain
import NexusEvents
import Privacy

/// Exchanging an email and password for a principal. Every attempt runs the same steps,
/// whatever the outcome, so neither the answer's timing nor its path tells which emails exist:
/// the throttle check, the reservation lookup, the credential read (none when no active user
/// holds the email), exactly one bcrypt verification (against a decoy hash when there is no
/// credential, or with an empty password when the given one could never have been set), and
/// the failure count, keyed by the email's lookup key whether or not it is registered.
struct SignIn: Sendable {
    /// What an attempt came to.
    enum Outcome: Equatable {
        case signedIn(Principal)
        case rejected
        /// Too many failures for the account: retry after this many seconds.
        case throttled(retryAfter: Int)
    }

    /// Who holds an email and the credential to check.
    struct Candidate {
        var userId: UUID?
        var user: UserState?
        var hash: String?
    }

    let executor: CommandExecutor
    let privacy: PrivacyServices
    /// Checks a password against a bcrypt hash (the hasher's, off the cooperative pool).
    let verify: @Sendable (_ password: String, _ hash: String) async -> Bool
    /// A bcrypt hash of a random password, checked when there is no credential.
    let decoyHash: String

    init(executor: CommandExecutor, privacy: PrivacyServices, hasher: PasswordHasher, decoyHash: String) {
        self.init(executor: executor, privacy: privacy, decoyHash: decoyHash) { await hasher.verify($0, hash: $1) }
    }

    init(
        executor: CommandExecutor, privacy: PrivacyServices, decoyHash: String,
        verify: @escaping @Sendable (_ password: String, _ hash: String) async -> Bool
    ) {
        self.executor = executor
        self.privacy = privacy
        self.decoyHash = decoyHash
        self.verify = verify
    }

    func attempt(email: String, password: String) async throws -> Outcome {
        let account = privacy.emailLookup.key(for: email)
        if let wait = try await privacy.throttle.retryAfter(account) { return .throttled(retryAfter: wait) }
        let candidate = try await candidate(for: email)
        var rules = Validator()
        rules.password(password, field: "password")
        let acceptable = rules.errors.isEmpty
        let verified = await verify(acceptable ? password : "", candidate.hash ?? decoyHash)
        guard verified, acceptable, candidate.hash != nil, let userId = candidate.userId, let user = candidate.user else {
            try await privacy.throttle.recordFailure(account)
            return .rejected
        }
        try await privacy.throttle.reset(account)
        return .signedIn(Principal(userId: userId, role: user.role, credentialVersion: user.credentialVersion))
    }

    /// The active user holding `email` (under its keyed reservation, or a legacy one) and their current credential.
    func candidate(for email: String) async throws -> Candidate {
        var candidate = Candidate()
        for stream in privacy.emailLookup.reservationStreams(for: email) where candidate.userId == nil {
            candidate.userId = try await executor.state(of: stream, EmailReservationState(), EmailReservationState.evolve).holder
        }
        guard let userId = candidate.userId else { return candidate }
        let user = try await executor.state(of: Streams.user(userId), UserDecider.initialState, UserDecider.evolve)
        candidate.user = user
        guard user.isActive else { return candidate }
        candidate.hash = try await privacy.credentials.hash(of: userId, version: user.credentialVersion)
        return candidate
    }
}
