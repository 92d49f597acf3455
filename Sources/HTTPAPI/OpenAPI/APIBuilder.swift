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

    init(recorder: RouteRecorder, opsTokenRequired: Bool) {
        self.recorder = recorder
        self.opsTokenRequired = opsTokenRequired
    }

    /// Registers `handler` for the route `doc` describes.
    public func add(
        _ doc: RouteDoc, handler: @escaping @Sendable (Request, NexusRequestContext) async throws -> Response
    ) {
        documentation.append(doc)
        recorder.on(RouterPath(doc.path), method: doc.method, use: handler)
    }
}
