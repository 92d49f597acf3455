import Foundation
import HTTPAPI
import Testing

@Suite("OpenAPI document")
struct OpenAPITests {
    @Test func everyRouteIsDocumentedAndEveryDocumentedRouteIsServed() async throws {
        try await APIHarness.run("http_openapi") { api in
            let reply = try await api.send(.get, "/openapi.json")
            #expect(reply.status == 200)
            #expect(reply.string("openapi") == "3.1.0")
            let paths = try #require(reply.object["paths"] as? [String: [String: Any]])
            let documented = Set(paths.flatMap { path, operations in operations.keys.map { "\($0.uppercased()) \(path)" } })
            #expect(documented == Set(api.api.registeredRoutes))
            #expect(documented.count == api.api.registeredRoutes.count)
            for route in documented {
                let parts = route.split(separator: " ", maxSplits: 1).map(String.init)
                let path = parts[1].replacingOccurrences(of: "{id}", with: UUID().uuidString)
                    .replacingOccurrences(of: "{sku}", with: "SKU-1").replacingOccurrences(of: "{slug}", with: "slug")
                let served = try await api.send(.init(rawValue: parts[0])!, path)
                #expect(served.problemType != "/problems/no-route", "\(route) is documented but not served")
                #expect(served.status != 500, "\(route)")
            }
            #expect(try await api.send(.get, "/health").string("status") == "ok")
        }
    }
}
