package import Foundation
package import NIOCore
package import NIOHTTP1

/// A lean HTTP/1.1 client for the benchmarks' hot loops: keep-alive connections straight on
/// SwiftNIO, one request at a time per connection (never pipelined, so a slow response holds up
/// no other request). It costs a fraction of a general client (AsyncHTTPClient spent about a
/// sixth of the e2e benchmark's CPU on its pool and tracing), so the load generator takes less
/// of the CPU it shares with the server it measures.
package struct BenchHTTPClient: Sendable {
    /// A response: status and body, and when its request was handed to the socket.
    package struct Response: Sendable {
        package var status: Int
        package var body: ByteBuffer
        package var sent: ContinuousClock.Instant
        package var isSuccess: Bool { (200..<300).contains(status) }
    }

    private let pool: BenchConnectionPool
    private let authorization: String
    private let host: String

    /// Runs `body` with a client of `base` (an `http://host:port` URL) sending `token`, with up
    /// to `connections` connections; closes them afterwards.
    package static func with<Result: Sendable>(
        base: URL, token: String, connections: Int, _ body: (BenchHTTPClient) async throws -> Result
    ) async throws -> Result {
        guard let host = base.host, let port = base.port else { throw BenchmarkFailure("bench: \(base) has no host and port") }
        let pool = BenchConnectionPool(host: host, port: port, size: connections)
        defer { pool.close() }
        return try await body(BenchHTTPClient(pool: pool, authorization: "Bearer \(token)", host: "\(host):\(port)"))
    }

    /// Sends one request to `path` (relative to the base URL), `json` as the body.
    package func send(_ method: HTTPMethod, _ path: String, json: String? = nil) async throws -> Response {
        var head = HTTPRequestHead(version: .http1_1, method: method, uri: "/" + path)
        head.headers.add(name: "Host", value: host)
        head.headers.add(name: "Authorization", value: authorization)
        let body = json.map { ByteBuffer(string: $0) }
        if let body {
            head.headers.add(name: "Content-Type", value: "application/json")
            head.headers.add(name: "Content-Length", value: String(body.readableBytes))
        }
        let channel = try await pool.lease()
        do {
            let response = try await BenchResponseHandler.send(head, body: body, on: channel)
            pool.release(channel)
            return response
        } catch {
            pool.discard(channel)
            throw error
        }
    }
}
