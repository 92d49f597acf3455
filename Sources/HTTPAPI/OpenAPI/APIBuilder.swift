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

    init(recorder: RouteRecorder, opsTokenRequired: Bool, fingerprinter: RequestFingerprinter, bodyLimit: Int) {
        self.recorder = recorder
        self.opsTokenRequired = opsTokenRequired
        self.fingerprinter = fingerprinter
        self.bodyLimit = bodyLimit
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
