public import HTTPTypes
import Synchronization

/// The methods the router serves at each path pattern, so that a known path asked with another
/// method answers 405 with `Allow` (and `OPTIONS` and CORS preflights name the same methods).
public final class KnownRoutes: Sendable {
    private let patterns = Mutex<[[Substring]: Set<HTTPRequest.Method>]>([:])

    /// The order `Allow` lists methods in.
    static let methodOrder: [HTTPRequest.Method] = [.get, .head, .post, .put, .patch, .delete, .options]

    init() {}

    /// Records that `method` is served at `pattern` (e.g. `/products/{sku}`).
    func add(_ pattern: String, method: HTTPRequest.Method) {
        let segments = Self.segments(pattern).map { Self.isParameter($0) ? "*" : $0 }
        patterns.withLock { $0[segments, default: []].insert(method) }
    }

    /// The methods served at the request path `path`: `HEAD` wherever `GET` is, and `OPTIONS`;
    /// empty when no pattern matches it.
    public func methods(at path: String) -> [HTTPRequest.Method] {
        let segments = Self.segments(path)
        var methods: Set<HTTPRequest.Method> = patterns.withLock { patterns in
            patterns.filter { Self.matches($0.key, segments) }.values.reduce(into: []) { $0.formUnion($1) }
        }
        guard !methods.isEmpty else { return [] }
        if methods.contains(.get) { methods.insert(.head) }
        methods.insert(.options)
        return Self.methodOrder.filter(methods.contains) + methods.subtracting(Self.methodOrder).sorted { $0.rawValue < $1.rawValue }
    }

    /// The `Allow` header value for `methods`.
    static func allowHeader(_ methods: [HTTPRequest.Method]) -> String {
        methods.map(\.rawValue).joined(separator: ", ")
    }

    private static func segments(_ path: String) -> [Substring] {
        path.split(separator: "/", omittingEmptySubsequences: true)
    }

    /// `path` as the router matches it: empty segments (`//`, a trailing `/`) do not count, so
    /// `/metrics/` and `//metrics` reach `/metrics`. Checks by path compare this form.
    static func routed(_ path: String) -> String {
        "/" + segments(path).joined(separator: "/")
    }

    private static func isParameter(_ segment: Substring) -> Bool {
        segment.hasPrefix("{") || segment.hasPrefix(":") || segment == "*"
    }

    private static func matches(_ pattern: [Substring], _ segments: [Substring]) -> Bool {
        pattern.count == segments.count && zip(pattern, segments).allSatisfy { $0 == "*" || $0 == $1 }
    }
}
