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
        var path = Substring(request.uri.path)
        while path.count > 1, path.hasSuffix("/") { path = path.dropLast() }
        if request.headers[.authorization] != nil || privatePaths.contains(String(path)) {
            response.headers[.cacheControl] = "no-store"
        }
        return response
    }
}
