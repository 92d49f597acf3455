import Foundation
public import HTTPTypes

/// Which browser origins may call the API (CORS). None by default: browsers then refuse
/// cross-origin calls, and same-origin or non-browser clients are unaffected.
public struct CORSPolicy: Sendable, Equatable {
    /// The origins allowed, exactly as browsers send them (`https://shop.example`,
    /// `http://localhost:3000`); `*` allows every origin. Default none.
    public var allowedOrigins: [String] = []
    /// How long a browser may cache a preflight answer (default 600 s).
    public var maxAge: Duration = .seconds(600)

    /// The request headers a cross-origin call may send.
    public static let allowedHeaders: [HTTPField.Name] = [
        .authorization, .contentType, .idempotencyKey, .ifMatch, .ifNoneMatch,
    ]
    /// The response headers a cross-origin caller may read.
    public static let exposedHeaders: [HTTPField.Name] = [
        .eTag, .location, .retryAfter, .readPosition, .allow, .wwwAuthenticate,
    ]

    /// No origin allowed.
    public init() {}

    /// Allows `origins` (each checked by ``parseOrigins(_:)``).
    public init(allowedOrigins: [String], maxAge: Duration = .seconds(600)) {
        self.allowedOrigins = allowedOrigins
        self.maxAge = maxAge
    }

    /// Whether a request from `origin` gets CORS headers.
    func allows(_ origin: String) -> Bool {
        allowedOrigins.contains("*") || allowedOrigins.contains(origin)
    }

    /// Parses a comma-separated list of origins (`scheme://host[:port]`, no path) or `*`.
    public static func parseOrigins(_ text: String) throws(InvalidOrigin) -> [String] {
        let origins = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if let bad = origins.first(where: { !isOrigin($0) }) { throw InvalidOrigin(origin: bad) }
        return origins
    }

    /// A configured origin that is neither `scheme://host[:port]` nor `*`.
    public struct InvalidOrigin: Error, CustomStringConvertible {
        /// The text given.
        public var origin: String
        public var description: String { "\(origin) is not an origin such as https://shop.example (or *)" }
    }

    private static func isOrigin(_ text: String) -> Bool {
        if text == "*" { return true }
        guard let separator = text.range(of: "://") else { return false }
        let scheme = text[..<separator.lowerBound]
        let authority = text[separator.upperBound...]
        return (scheme == "http" || scheme == "https") && !authority.isEmpty
            && authority.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-.:[]".contains($0)) }
    }
}
