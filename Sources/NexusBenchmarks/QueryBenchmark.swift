package import Foundation

/// `nexus bench query`: `GET /products/{sku}` (from the read cache, and with `Cache-Control:
/// no-cache` from the read model) and a sorted, filtered page of `GET /products` under
/// concurrency, against a constant route on the same server (same middleware: auth, rate limit,
/// metrics), all driven by wrk.
package enum QueryBenchmark {
    /// The list page measured: one category, a price range, dearest first, 20 products.
    package static let listQuery = "products?category=bench&minPrice=100&maxPrice=900000&sort=-price&limit=20"
    /// The request header that makes the product route read the read model instead of the cache.
    package static let bypassCache = "Cache-Control: no-cache"

    /// Requests per second of the product route (cached and read from the read model), the list
    /// route and the constant route.
    package struct Result: Sendable {
        var query: Double
        var uncached: Double
        var list: Double
        var constant: Double
    }

    /// Drives `GET /products/{sku}` (as is, then with ``bypassCache``), a page of ``listQuery``,
    /// then `GET /bench/constant`, each with wrk for `seconds`.
    package static func measure(base: URL, sku: String, token: String, connections: Int, seconds: Int, progress: (String) -> Void) throws -> Result {
        let product = base.appendingPathComponent("products/\(sku)")
        progress("bench query: GET /products/\(sku), \(connections) connections, \(seconds)s…")
        let query = try Wrk.requestsPerSecond(product, token: token, connections: connections, seconds: seconds)
        progress("bench query: GET /products/\(sku) with \(bypassCache), \(connections) connections, \(seconds)s…")
        let uncached = try Wrk.requestsPerSecond(product, token: token, headers: [bypassCache], connections: connections, seconds: seconds)
        progress("bench query: GET /\(listQuery), \(connections) connections, \(seconds)s…")
        let listURL = URL(string: listQuery, relativeTo: base) ?? base
        let list = try Wrk.requestsPerSecond(listURL, token: token, connections: connections, seconds: seconds)
        progress("bench query: GET /bench/constant, \(connections) connections, \(seconds)s…")
        let constant = try Wrk.requestsPerSecond(base.appendingPathComponent("bench/constant"), token: token, connections: connections, seconds: seconds)
        return Result(query: query, uncached: uncached, list: list, constant: constant)
    }

    /// The rates and each route's ratio to the constant route.
    package static func report(_ result: Result) -> String {
        [
            "route                                    requests/s   ratio",
            String(format: "GET /products/{sku} (read cache)         %10.0f   %5.2fx", result.query, result.query / result.constant),
            String(format: "GET /products/{sku} (no-cache: database) %10.0f   %5.2fx", result.uncached, result.uncached / result.constant),
            String(format: "GET /products (category, price, -price)  %10.0f   %5.2fx", result.list, result.list / result.constant),
            String(format: "GET /bench/constant                      %10.0f", result.constant),
        ].joined(separator: "\n")
    }
}
