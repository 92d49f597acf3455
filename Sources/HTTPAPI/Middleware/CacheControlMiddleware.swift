import HTTPTypes
import Hummingbird

/// `Cache-Control: no-store` on every answer to a request that carries credentials
/// (`Authorization`) and on every answer of the paths that hand them out (`/auth/token`), so no
/// shared or browser cache keeps personal data or tokens.
struct CacheControlMiddleware: RouterMiddleware {
    typealias Context = NexusRequestContext

    /// Paths answered `no-store` whoever asks.
    let privatePaths: Set<String>

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        if request.headers[.authorization] != nil || privatePaths.contains(KnownRoutes.routed(request.uri.path)) {
            response.headers[.cacheControl] = "no-store"
        }
        return response
    }
}
