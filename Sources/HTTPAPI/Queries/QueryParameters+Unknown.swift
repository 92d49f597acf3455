import Hummingbird
import NexusDomain

extension QueryParameters {
    /// The most unknown parameters named in one answer.
    static let maxUnknownReported = 10
    /// The longest unknown parameter name echoed back, in characters.
    static let maxEchoedNameLength = 64

    /// Refuses (400, one field error per parameter) a request carrying URL parameters its route
    /// does not document: `allowed` is the route's ``RouteDoc/queryParameters``, so the names the
    /// server accepts are the names the OpenAPI document publishes.
    static func refuseUnknown(_ request: Request, allowed: Set<String>) throws(Problem) {
        var unknown: [String] = []
        for (key, _) in request.uri.queryParameters {
            let name = String(key)
            guard !allowed.contains(name), !unknown.contains(name) else { continue }
            unknown.append(name)
            if unknown.count == maxUnknownReported { break }
        }
        guard !unknown.isEmpty else { return }
        let accepted = allowed.isEmpty ? "this route takes no URL parameters" : "this route takes " + allowed.sorted().joined(separator: ", ")
        throw Problem.invalidQuery(unknown.map {
            FieldError(field: String($0.prefix(maxEchoedNameLength)), code: "unknown_parameter", message: "is not a parameter of this route; \(accepted)")
        })
    }
}
