import HTTPTypes
import Hummingbird

/// A known path asked with a method it does not serve: `OPTIONS` answers 204 with `Allow`, any
/// other method 405 with `Allow` (problem+json), instead of the router's 404.
struct AllowedMethodsMiddleware: RouterMiddleware {
    typealias Context = NexusRequestContext

    let routes: KnownRoutes

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            let methods = routes.methods(at: request.uri.path)
            guard !methods.isEmpty else { throw error }
            let allow = KnownRoutes.allowHeader(methods)
            if request.method == .options { return Response(status: .noContent, headers: [.allow: allow]) }
            throw Problem.methodNotAllowed(request.method, allow: allow)
        }
    }
}

extension Problem {
    /// 405: the path exists but not with this method; `Allow` names the methods it has.
    static func methodNotAllowed(_ method: HTTPRequest.Method, allow: String) -> Problem {
        Problem(.methodNotAllowed, type: "method-not-allowed", title: "Method not allowed",
                detail: "\(method.rawValue) is not served here; use \(allow)", headers: [.allow: allow])
    }
}
