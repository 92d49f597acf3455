import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// A lean HTTP/1.1 client for the benchmarks' hot loops: a keep-alive connection pool on the
/// server's own event loops, no Foundation URL loading. A request costs a fraction of what
/// ``APIClient`` (URLSession over libcurl) costs, so the load generator takes less of the CPU it
/// shares with the server it measures.
struct BenchHTTPClient: Sendable {
    /// A response: status and body.
    struct Response: Sendable {
        var status: Int
        var body: ByteBuffer
        var isSuccess: Bool { (200..<300).contains(status) }
    }

    private let base: String
    private let token: String
    private let client: HTTPClient

    /// Runs `body` with a client of `base` sending `token`, with up to `connections` connections;
    /// shuts the client down afterwards.
    static func with<Result: Sendable>(
        base: URL, token: String, connections: Int, _ body: (BenchHTTPClient) async throws -> Result
    ) async throws -> Result {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: connections)
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        let bench = BenchHTTPClient(base: base.absoluteString.hasSuffix("/") ? base.absoluteString : base.absoluteString + "/", token: token, client: client)
        do {
            let result = try await body(bench)
            try await client.shutdown()
            return result
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    /// Sends one request to `path` (relative to the base URL), `json` as the body.
    func send(_ method: HTTPMethod, _ path: String, json: String? = nil) async throws -> Response {
        var request = HTTPClientRequest(url: base + path)
        request.method = method
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        if let json {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: json))
        }
        let response = try await client.execute(request, timeout: .seconds(10))
        return Response(status: Int(response.status.code), body: try await response.body.collect(upTo: 1 << 20))
    }
}
