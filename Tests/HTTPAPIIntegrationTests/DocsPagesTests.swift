import Foundation
import HTTPAPI
import Testing

@Suite("API documentation pages")
struct DocsPagesTests {
    /// The Swagger UI and ReDoc files ops/test installs.
    static var assets: String? { ProcessInfo.processInfo.environment["NEXUS_DOCS_ASSETS_DIR"] }

    @Test func withoutAssetsEveryPageAnswersAProblem() async throws {
        try await APIHarness.run("http_docs_none") { api in
            for path in ["/docs", "/redoc", "/docs/assets/swagger-ui-bundle.js", "/docs/assets/swagger-init.js"] {
                let reply = try await api.send(.get, path)
                #expect(reply.status == 404 && reply.isProblem, "\(path): \(reply.status)")
                #expect(reply.text.contains("NEXUS_DOCS_ASSETS_DIR"), "\(path): \(reply.text)")
            }
        }
    }

    @Test func pagesAndAssetsAreServedWithTheirPolicy() async throws {
        let assets = try #require(Self.assets, "NEXUS_DOCS_ASSETS_DIR is not set: run the tests with ./ops/test")
        try await APIHarness.run("http_docs_served", configure: { $0.docsAssetsDirectory = assets }) { api in
            for path in ["/docs", "/redoc"] {
                let page = try await api.send(.get, path)
                #expect(page.status == 200)
                #expect(page.headers[.contentType] == "text/html; charset=utf-8")
                let policy = try #require(page.headers[.contentSecurityPolicy])
                #expect(policy.contains("script-src 'self';") && policy.contains("default-src 'none'") && policy.contains("frame-ancestors 'none'"))
                #expect(!policy.contains("unsafe-eval") && !policy.contains("http"), "\(policy)")
                #expect(!page.text.contains("http"), "no other origin is named: \(page.text)")
            }
            let bundle = try await api.send(.get, "/docs/assets/swagger-ui-bundle.js")
            #expect(bundle.status == 200 && bundle.headers[.contentType] == "text/javascript; charset=utf-8" && bundle.body.count > 100_000)
            for name in ["..%2F..%2Fswagger-ui-dist%2FLICENSE", "LICENSE", "swagger-ui-bundle.js.map", "oauth2-redirect.html", "%00", "%FF"] {
                let reply = try await api.send(.get, "/docs/assets/\(name)")
                #expect((400...404).contains(reply.status) && reply.isProblem, "\(name): \(reply.status)")
            }
        }
    }

    /// The document lists the media types the pages and their files are served with.
    @Test func everyPageAndAssetIsServedAsDocumented() async throws {
        let assets = try #require(Self.assets, "NEXUS_DOCS_ASSETS_DIR is not set: run the tests with ./ops/test")
        try await APIHarness.run("http_docs_documented", configure: { $0.docsAssetsDirectory = assets }) { api in
            let paths = try #require(try await api.send(.get, "/openapi.json").object["paths"] as? [String: [String: [String: Any]]])
            func documented(_ path: String) -> Set<String> {
                Set((OpenAPIDriftTests.at(paths[path]?["get"] as Any, "responses", "200", "content") as? [String: Any] ?? [:]).keys)
            }
            let parameters = paths["/docs/assets/{file}"]?["get"]?["parameters"] as? [[String: Any]] ?? []
            let names = try #require(parameters.first { $0["name"] as? String == "file" }.flatMap { OpenAPIDriftTests.at($0, "schema", "enum") } as? [String])
            var served = names.map { "/docs/assets/\($0)" }.map { ($0, "/docs/assets/{file}") }
            served += [("/docs", "/docs"), ("/redoc", "/redoc")]
            for (path, route) in served {
                let reply = try await api.send(.get, path)
                #expect(reply.status == 200, "\(path)")
                #expect(documented(route).contains(reply.headers[.contentType] ?? ""), "\(path): \(reply.headers[.contentType] ?? "") not in \(documented(route))")
            }
        }
    }

    @Test func aMissingAssetFolderStopsTheServerAtStart() async throws {
        #expect(throws: DocsAssetsError.self) { try DocsAssets(directory: "/nonexistent/docs-assets") }
    }

    @Test func swaggerUIListsEveryOperationAndTriesOneAndReDocRenders() async throws {
        let assets = try #require(Self.assets, "NEXUS_DOCS_ASSETS_DIR is not set: run the tests with ./ops/test")
        try await APIHarness.run("http_docs_browser", configure: { $0.docsAssetsDirectory = assets }) { api in
            let port = try #require(api.client.port)
            let output = try await BrowserScript.run("docs_pages.py", ["http://127.0.0.1:\(port)", try await api.token()])
            #expect(output.contains("\"tryIt\": \"200\""), "\(output)")
        }
    }
}
