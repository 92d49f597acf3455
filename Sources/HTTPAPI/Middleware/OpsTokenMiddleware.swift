import HTTPTypes
import Hummingbird

/// Guards the operations endpoints (`/ready`, `/metrics`) of a server that serves them next to
/// the API: they answer only to `Authorization: Bearer <ops token>` (401 otherwise). The token is
/// not a user's, so it is removed before authentication sees the request.
struct OpsTokenMiddleware: RouterMiddleware {
    typealias Context = NexusRequestContext

    let token: String
    let paths: Set<String>

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard paths.contains(KnownRoutes.routed(request.uri.path)) else { return try await next(request, context) }
        guard let header = request.headers[.authorization], Self.equal(Array(header.utf8), Array("Bearer \(token)".utf8)) else {
            throw Problem.unauthorized("the operations endpoints need the ops token as a bearer token")
        }
        var head = request.head
        head.headerFields[.authorization] = nil
        return try await next(Request(head: head, body: request.body), context)
    }

    /// Compares in time independent of where the first difference is.
    static func equal(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        return zip(a, b).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
