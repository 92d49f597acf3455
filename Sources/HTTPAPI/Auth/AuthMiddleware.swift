import Hummingbird

/// Verifies an `Authorization: Bearer …` token when present (401 if it is forged or expired)
/// and rate-limits each client (429): by user id when authenticated, else by peer address.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = NexusRequestContext

    let tokens: TokenService
    let limiter: RateLimiter

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        let address = context.remoteAddress?.ipAddress.map { "ip:\($0)" } ?? "anonymous"
        if let header = request.headers[.authorization] {
            do {
                guard header.lowercased().hasPrefix("bearer ") else {
                    throw Problem.unauthorized("use an Authorization: Bearer token")
                }
                context.principal = try await tokens.verify(String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces))
            } catch {
                try limit(address)
                throw error
            }
        }
        try limit(context.principal.map { "user:\($0.userId)" } ?? address)
        return try await next(request, context)
    }

    /// Takes a token from the client's bucket, or refuses with 429.
    private func limit(_ client: String) throws(Problem) {
        if let retryAfter = limiter.acquire(client) {
            throw Problem.tooManyRequests(retryAfter: retryAfter)
        }
    }
}
