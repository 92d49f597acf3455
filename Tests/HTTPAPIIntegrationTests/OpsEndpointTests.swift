import Foundation
import HTTPAPI
import HTTPTypes
import Testing

/// `/ready` and `/metrics` next to the API: open only when no ops token is configured (dev),
/// otherwise only to that token.
@Suite("Operations endpoints on the API port")
struct OpsEndpointTests {
    static let operations = OperationsRoutes.module(
        readiness: { Readiness(checks: [.init(name: "database", ok: true, detail: "reachable")]) },
        metrics: { "nexus_up 1\n" })

    @Test func theOpsTokenGuardsReadyAndMetrics() async throws {
        let token = String(repeating: "k", count: 40)
        try await APIHarness.run("http_ops_token", configure: { $0.opsToken = token }, modules: [Self.operations]) { api in
            let admin = try await api.token()
            for path in ["/metrics", "/ready", "/metrics/", "//ready", "/ready//"] {
                #expect(try await api.send(.get, path).status == 401, "\(path)")
                #expect(try await api.send(.get, path, token: token + "x").status == 401, "\(path)")
                #expect(try await api.send(.get, path, token: admin).status == 401, "a user's token is not the ops token")
            }
            let metrics = try await api.send(.get, "/metrics", token: token)
            #expect(metrics.status == 200)
            #expect(metrics.text == "nexus_up 1\n")
            #expect(metrics.headers[.contentType]?.hasPrefix("text/plain") == true)
            #expect(try await api.send(.get, "/ready", token: token).status == 200)
            #expect(try await api.send(.get, "/health").status == 200)
            let document = try await api.send(.get, "/openapi.json")
            let paths = try #require(document.object["paths"] as? [String: [String: Any]])
            let security = paths["/metrics"]?["get"].flatMap { ($0 as? [String: Any])?["security"] as? [[String: Any]] }
            #expect(security?.first?.keys.first == "opsToken")
        }
    }

    @Test func withoutAnOpsTokenTheyAreOpen() async throws {
        try await APIHarness.run("http_ops_open", modules: [Self.operations]) { api in
            for path in ["/metrics", "/ready"] {
                let reply = try await api.send(.get, path)
                #expect(reply.status == 200, "\(path)")
            }
        }
    }
}
