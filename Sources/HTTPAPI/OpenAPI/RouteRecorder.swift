public import HTTPTypes
public import Hummingbird

/// Registers routes on a router and remembers each (method, path), so the OpenAPI test can compare
/// what is served with what is documented. Extra route modules register through it too.
public final class RouteRecorder: RouterMethods {
    public typealias Context = NexusRequestContext

    private let router: Router<NexusRequestContext>
    /// Every registered route as `METHOD /path`, in registration order.
    public private(set) var routes: [String] = []
    /// Every registered page (HTML, outside the API document) as `METHOD /path`.
    public private(set) var pages: [String] = []
    /// The same routes and pages, for answering 405 and `OPTIONS`.
    let known: KnownRoutes

    init(router: Router<NexusRequestContext>, known: KnownRoutes) {
        self.router = router
        self.known = known
    }

    @discardableResult public func on<Responder: HTTPResponder>(
        _ path: RouterPath, method: HTTPRequest.Method, responder: Responder
    ) -> Self where Responder.Context == NexusRequestContext {
        routes.append("\(method.rawValue) \(path.description)")
        known.add(path.description, method: method)
        router.on(path, method: method, responder: responder)
        return self
    }

    /// Registers a page: known for 405 and `OPTIONS`, listed in ``pages`` rather than ``routes``.
    func onPage(
        _ path: RouterPath, method: HTTPRequest.Method, _ handler: @escaping @Sendable (Request, NexusRequestContext) async throws -> Response
    ) {
        pages.append("\(method.rawValue) \(path.description)")
        known.add(path.description, method: method)
        router.on(path, method: method, use: handler)
    }

    @discardableResult public func add(middleware: any MiddlewareProtocol<Request, Response, NexusRequestContext>) -> Self {
        router.add(middleware: middleware)
        return self
    }
}
