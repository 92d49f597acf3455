import HTTPTypes
import Hummingbird

/// Applies the ``CORSPolicy``: answers preflights (`OPTIONS` with `Access-Control-Request-Method`)
/// from allowed origins on known paths with the methods and headers allowed, and marks every
/// other answer to an allowed origin readable. Disallowed origins get no CORS headers.
struct CORSMiddleware: RouterMiddleware {
    typealias Context = NexusRequestContext

    let policy: CORSPolicy
    let routes: KnownRoutes

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let origin = request.headers[.origin], policy.allows(origin) else {
            var response = try await next(request, context)
            if !policy.allowedOrigins.isEmpty { response.headers.append(HTTPField(name: .vary, value: "Origin")) }
            return response
        }
        let methods = routes.methods(at: request.uri.path)
        if request.method == .options, request.headers[.accessControlRequestMethod] != nil, !methods.isEmpty {
            var headers = allowOrigin(origin)
            headers[.accessControlAllowMethods] = KnownRoutes.allowHeader(methods)
            headers[.accessControlAllowHeaders] = CORSPolicy.allowedHeaders.map(\.rawName).joined(separator: ", ")
            headers[.accessControlMaxAge] = String(policy.maxAge.components.seconds)
            headers[.allow] = KnownRoutes.allowHeader(methods)
            return Response(status: .noContent, headers: headers)
        }
        var response = try await next(request, context)
        response.headers.append(contentsOf: allowOrigin(origin))
        response.headers[.accessControlExposeHeaders] = CORSPolicy.exposedHeaders.map(\.rawName).joined(separator: ", ")
        return response
    }

    private func allowOrigin(_ origin: String) -> HTTPFields {
        [.accessControlAllowOrigin: policy.allowedOrigins.contains("*") ? "*" : origin, .vary: "Origin"]
    }
}
