import Foundation
import JWTKit
import NexusEvents

/// Issues and verifies HS256 access tokens.
struct TokenService: Sendable {
    static let issuer = "nexus"

    let keys: JWTKeyCollection
    let lifetime: Duration
    /// Tokens already verified, so a client's every request does not verify its token again.
    let verified = VerifiedTokens(capacity: 100_000)

    init(secret: String, lifetime: Duration) async {
        keys = JWTKeyCollection()
        await keys.add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256)
        self.lifetime = lifetime
    }

    /// A signed token for `principal`, and when it expires.
    func issue(for principal: Principal, now: Date = Date()) async throws -> (token: String, expiresAt: Date) {
        let expiresAt = now.addingTimeInterval(Double(lifetime.components.seconds))
        let claims = AccessClaims(
            sub: SubjectClaim(value: principal.userId.uuidString.lowercased()), role: principal.role.rawValue,
            iat: IssuedAtClaim(value: now), exp: ExpirationClaim(value: expiresAt), iss: IssuerClaim(value: Self.issuer),
            cv: principal.credentialVersion)
        return (try await keys.sign(claims), expiresAt)
    }

    /// The principal of a valid token; throws a 401 problem otherwise.
    func verify(_ token: String) async throws(Problem) -> Principal {
        if let principal = verified.principal(of: token, at: Date()) { return principal }
        let claims: AccessClaims
        do {
            claims = try await keys.verify(token, as: AccessClaims.self)
        } catch {
            throw Problem.unauthorized("the bearer token is invalid or expired")
        }
        guard let userId = UUID(uuidString: claims.sub.value), let role = UserRole(rawValue: claims.role) else {
            throw Problem.unauthorized("the bearer token has unknown claims")
        }
        let principal = Principal(userId: userId, role: role, credentialVersion: claims.cv ?? 1)
        verified.keep(token, principal, until: claims.exp.value)
        return principal
    }
}
