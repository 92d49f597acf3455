public import Hummingbird

/// Registers a route together with its OpenAPI description, so neither exists without the other.
public final class APIBuilder {
    /// The recorder every route is registered through.
    public let recorder: RouteRecorder
    /// The descriptions of every route added with ``add(_:handler:)``.
    public private(set) var documentation: [RouteDoc] = []

    init(recorder: RouteRecorder) {
        self.recorder = recorder
    }

    /// Registers `handler` for the route `doc` describes.
    public func add(
        _ doc: RouteDoc, handler: @escaping @Sendable (Request, NexusRequestContext) async throws -> Response
    ) {
        documentation.append(doc)
        recorder.on(RouterPath(doc.path), method: doc.method, use: handler)
    }
}
