import Foundation
import JWTKit
import NexusEvents

/// The claims of a Nexus access token (HS256).
struct AccessClaims: JWTPayload {
    /// The user id.
    var sub: SubjectClaim
    /// The user's role when the token was issued.
    var role: String
    /// Issued at.
    var iat: IssuedAtClaim
    /// Expiry.
    var exp: ExpirationClaim
    /// The issuer, `nexus`.
    var iss: IssuerClaim
    /// The credential version the token was issued under (absent in tokens issued before
    /// credentials were versioned: version 1).
    var cv: Int?

    func verify(using algorithm: some JWTAlgorithm) async throws {
        try exp.verifyNotExpired()
        guard iss.value == TokenService.issuer else { throw JWTError.claimVerificationFailure(failedClaim: iss, reason: "wrong issuer") }
    }
}
