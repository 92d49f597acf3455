import Hummingbird
import NexusDomain
import NexusEvents

/// Verifies an `Authorization: Bearer …` token when present (401 if it is forged or expired, or the
/// account was deactivated or erased or its password changed since; the role is the user's current one, not the token's, as
/// ``AccountCache`` bounds it) and rate-limits each client (429): by user id when authenticated,
/// else by peer address.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = NexusRequestContext

    let tokens: TokenService
    let limiter: RateLimiter
    let executor: CommandExecutor

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        let address = context.remoteAddress?.ipAddress.map { "ip:\($0)" } ?? "anonymous"
        if let header = request.headers[.authorization] {
            do {
                guard header.prefix(7).lowercased() == "bearer " else {
                    throw Problem.unauthorized("use an Authorization: Bearer token")
                }
                var token = header.dropFirst(7)
                while token.first == " " || token.first == "\t" { token.removeFirst() }
                while token.last == " " || token.last == "\t" { token.removeLast() }
                let claimed = try await tokens.verify(String(token))
                context.principal = try await current(claimed)
            } catch {
                try limit(address)
                throw error
            }
        }
        try limit(context.principal.map { "user:\($0.userId)" } ?? address)
        return try await next(request, context)
    }

    /// The principal as the user stream has it (see ``AccountCache`` for how recently); 401
    /// when the account is deactivated or its password changed since `principal` was issued.
    func current(_ principal: Principal) async throws -> Principal {
        let stream = Streams.user(principal.userId)
        let account = try await executor.accounts.account(of: stream) {
            let user = try await executor.state(of: stream, UserDecider.initialState, UserDecider.evolve)
            return AccountCache.Account(role: user.role, isActive: user.isActive, credentialVersion: user.credentialVersion)
        }
        guard account.isActive else { throw Problem.unauthorized("the account is deactivated") }
        guard account.credentialVersion == principal.credentialVersion else {
            throw Problem.unauthorized("the password changed since this token was issued; sign in again")
        }
        return Principal(userId: principal.userId, role: account.role, credentialVersion: account.credentialVersion)
    }

    /// Takes a token from the client's bucket, or refuses with 429.
    private func limit(_ client: String) throws(Problem) {
        if let retryAfter = limiter.acquire(client) {
            throw Problem.tooManyRequests(retryAfter: retryAfter)
        }
    }
}
