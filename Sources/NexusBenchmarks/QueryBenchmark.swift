package import Foundation

/// `nexus bench query`: `GET /products/{sku}` throughput under concurrency, against a constant
/// route on the same server (same middleware: auth, rate limit, metrics), both driven by wrk.
package enum QueryBenchmark {
    /// Requests per second of the product route and of the constant route.
    package struct Result: Sendable {
        var query: Double
        var constant: Double
    }

    /// Drives `GET /products/{sku}`, then `GET /bench/constant`, each with wrk for `seconds`.
    package static func measure(base: URL, sku: String, token: String, connections: Int, seconds: Int, progress: (String) -> Void) throws -> Result {
        progress("bench query: GET /products/\(sku), \(connections) connections, \(seconds)s…")
        let query = try Wrk.requestsPerSecond(base.appendingPathComponent("products/\(sku)"), token: token, connections: connections, seconds: seconds)
        progress("bench query: GET /bench/constant, \(connections) connections, \(seconds)s…")
        let constant = try Wrk.requestsPerSecond(base.appendingPathComponent("bench/constant"), token: token, connections: connections, seconds: seconds)
        return Result(query: query, constant: constant)
    }

    /// Both rates and their ratio.
    package static func report(_ result: Result) -> String {
        [
            "route                 requests/s",
            String(format: "GET /products/{sku}   %10.0f", result.query),
            String(format: "GET /bench/constant   %10.0f", result.constant),
            String(format: "ratio                 %10.2fx", result.query / result.constant),
        ].joined(separator: "\n")
    }
}
