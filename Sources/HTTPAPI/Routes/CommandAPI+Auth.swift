import Foundation
import Hummingbird
import NexusDomain
import NexusEvents

extension CommandAPI {
    /// Where tokens are issued (its answers are never cached).
    static let tokenPath = "/auth/token"

    func registerAuthRoutes(on builder: APIBuilder) {
        builder.add(RouteDoc(
            .post, Self.tokenPath, summary: "Exchange email and password for a bearer token (HS256 JWT)",
            tag: "auth", access: "public", requestBody: RequestSchemas.schema(of: TokenRequest.self),
            success: (200, (try? SchemaInference.schema(of: TokenResponse.self)) ?? [:]),
            errors: [400, 401, 413, 415, 422, 429, 503]
        )) { request, _ in try await issueToken(request) }
    }

    /// Signs in (see ``SignIn``) and signs a token carrying the credential version in force.
    func issueToken(_ request: Request) async throws -> Response {
        let body = try await body(TokenRequest.self, request)
        switch try await signIn.attempt(email: body.email, password: body.password) {
        case .signedIn(let principal):
            let (token, expiresAt) = try await tokens.issue(for: principal)
            return try Self.json(TokenResponse(
                accessToken: token, tokenType: "Bearer", expiresAt: expiresAt, userId: principal.userId, role: principal.role))
        case .rejected:
            throw Problem.unauthorized("unknown email or wrong password")
        case .throttled(let seconds):
            throw Problem.signInThrottled(retryAfter: seconds)
        }
    }
}
