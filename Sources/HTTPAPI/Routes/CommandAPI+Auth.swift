import Foundation
import Hummingbird
import NexusDomain
import NexusEvents

extension CommandAPI {
    func registerAuthRoutes(on builder: APIBuilder) {
        builder.add(RouteDoc(
            .post, "/auth/token", summary: "Exchange email and password for a bearer token (HS256 JWT)",
            tag: "auth", access: "public", requestBody: try? SchemaInference.schema(of: TokenRequest.self),
            success: (200, (try? SchemaInference.schema(of: TokenResponse.self)) ?? [:]),
            errors: [400, 401, 413, 415, 422, 429]
        )) { request, _ in try await issueToken(request) }
    }

    /// Looks the user up through the email reservation stream, checks the bcrypt hash, signs a token.
    func issueToken(_ request: Request) async throws -> Response {
        let body = try await body(TokenRequest.self, request)
        let rejected = Problem.unauthorized("unknown email or wrong password")
        let email = Streams.normalizedEmail(body.email)
        let reservation = try await executor.state(of: Streams.userEmail(email), EmailReservationState(), EmailReservationState.evolve)
        guard let userId = reservation.holder else {
            _ = await hasher.verify(body.password, hash: decoyHash)
            throw rejected
        }
        let user = try await executor.state(of: Streams.user(userId), UserDecider.initialState, UserDecider.evolve)
        guard await hasher.verify(body.password, hash: user.passwordHash), user.isActive else { throw rejected }
        let principal = Principal(userId: userId, role: user.role)
        let (token, expiresAt) = try await tokens.issue(for: principal)
        return Self.json(TokenResponse(accessToken: token, tokenType: "Bearer", expiresAt: expiresAt, userId: userId, role: user.role))
    }
}
