public import Hummingbird

/// Registers a route together with its OpenAPI description, so neither exists without the other.
public final class APIBuilder {
    /// The recorder every route is registered through.
    public let recorder: RouteRecorder
    /// The descriptions of every route added with ``add(_:handler:)``.
    public private(set) var documentation: [RouteDoc] = []
    /// Whether the operations endpoints of this server need the ops token
    /// (``HTTPServerConfiguration/opsToken``).
    public let opsTokenRequired: Bool
    /// Fingerprints command requests that carry an idempotency key.
    let fingerprinter: RequestFingerprinter
    /// The largest request body read.
    let bodyLimit: Int
    /// Email and password sign-in, on a server that serves commands (the console signs in with it).
    var signIn: SignIn?
    /// Confirms a principal's role and status as the bearer-token check does (the console's sessions use it).
    var accounts: AuthMiddleware?
    /// Whether the server speaks TLS (the console's cookie is then `Secure`).
    var tls = false

    init(recorder: RouteRecorder, opsTokenRequired: Bool, fingerprinter: RequestFingerprinter, bodyLimit: Int) {
        self.recorder = recorder
        self.opsTokenRequired = opsTokenRequired
        self.fingerprinter = fingerprinter
        self.bodyLimit = bodyLimit
    }

    /// Registers `handler` for an HTML page of the console: served and answered 405/`OPTIONS`
    /// like every route, but not part of the API's OpenAPI document. A URL parameter not named
    /// in `parameters` is refused (400) before it runs, as on every route.
    func addPage(
        _ method: HTTPRequest.Method, _ path: String, parameters: Set<String> = [],
        handler: @escaping @Sendable (Request, NexusRequestContext) async throws -> Response
    ) {
        recorder.onPage(RouterPath(path), method: method) { request, context in
            try QueryParameters.refuseUnknown(request, allowed: parameters)
            return try await handler(request, context)
        }
    }

    /// Registers `handler` for the route `doc` describes; a request with a URL parameter `doc`
    /// does not list is refused (400) before it runs; a command's idempotency key is bound to
    /// its request (``RequestFingerprinter``).
    public func add(
        _ doc: RouteDoc, handler: @escaping @Sendable (Request, NexusRequestContext) async throws -> Response
    ) {
        documentation.append(doc)
        let allowed = Set(doc.queryParameters.map(\.name))
        let bound = doc.isCommand ? fingerprinter.binding(doc, bodyLimit: bodyLimit, handler) : handler
        recorder.on(RouterPath(doc.path), method: doc.method) { request, context in
            try QueryParameters.refuseUnknown(request, allowed: allowed)
            return try await bound(request, context)
        }
    }
}
