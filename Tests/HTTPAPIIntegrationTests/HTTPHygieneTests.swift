import Foundation
import HTTPAPI
import HTTPTypes
import Testing

/// Security headers, caching, CORS, HEAD and 405, as a browser or a hostile client meets them.
@Suite("HTTP hygiene")
struct HTTPHygieneTests {
    static let securityHeaders: [(String, String)] = [
        ("X-Content-Type-Options", "nosniff"),
        ("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'"),
        ("X-Frame-Options", "DENY"),
        ("Referrer-Policy", "no-referrer"),
    ]

    @Test func everyAnswerCarriesTheSecurityHeaders() async throws {
        try await APIHarness.run("http_hygiene_headers") { api in
            let admin = try await api.token()
            let replies = [
                try await api.send(.get, "/health"),
                try await api.send(.get, "/openapi.json"),
                try await api.send(.get, "/nowhere"),
                try await api.send(.post, "/categories", json: #"{"slug":"x","name":"X"}"#),
                try await api.send(.get, "/products/NONE", token: admin),
                try await api.send(.put, "/products"),
                try await api.send(.post, "/categories", json: "{", token: admin),
            ]
            for reply in replies {
                #expect(reply.headers[.strictTransportSecurity] == nil, "HSTS only over TLS")
                for (name, value) in Self.securityHeaders {
                    #expect(reply.headers[HTTPField.Name(name)!] == value, "\(reply.status) \(reply.text): \(name)")
                }
            }
        }
    }

    @Test func authenticatedAnswersAndTokensAreNeverStored() async throws {
        try await APIHarness.run("http_hygiene_no_store") { api in
            let signIn = try await api.send(
                .post, "/auth/token", json: #"{"email":"\#(APIHarness.adminEmail)","password":"\#(APIHarness.adminPassword)"}"#)
            #expect(signIn.status == 200)
            #expect(signIn.headers[.cacheControl] == "no-store")
            let refused = try await api.send(.post, "/auth/token", json: #"{"email":"nobody@example.com","password":"password-x"}"#)
            #expect(refused.status == 401)
            #expect(refused.headers[.cacheControl] == "no-store")
            let slashed = try await api.send(.post, "/auth/token/", json: #"{"email":"nobody@example.com","password":"password-x"}"#)
            #expect(slashed.headers[.cacheControl] == "no-store", "\(slashed.status)")
            let admin = try #require(signIn.string("accessToken"))
            for path in ["/products", "/users", "/products/NONE", "/health"] {
                let reply = try await api.send(.get, path, token: admin)
                #expect(reply.headers[.cacheControl] == "no-store", "\(path) \(reply.status)")
            }
            let forged = try await api.send(.get, "/products", token: "forged.token.here")
            #expect(forged.status == 401)
            #expect(forged.headers[.cacheControl] == "no-store")
            #expect(try await api.send(.get, "/health").headers[.cacheControl] == nil)
        }
    }

    @Test func corsAllowsOnlyConfiguredOrigins() async throws {
        let shop = "https://shop.example"
        try await APIHarness.run("http_hygiene_cors", configure: { $0.cors = CORSPolicy(allowedOrigins: [shop]) }) { api in
            let preflight = try await api.send(.options, "/products", headers: [
                .origin: shop, .accessControlRequestMethod: "POST",
                .accessControlRequestHeaders: "authorization, content-type, idempotency-key",
            ])
            #expect(preflight.status == 204)
            #expect(preflight.headers[.accessControlAllowOrigin] == shop)
            #expect(preflight.headers[.accessControlAllowMethods] == "GET, HEAD, POST, OPTIONS")
            let allowedHeaders = Set((preflight.headers[.accessControlAllowHeaders] ?? "").split(separator: ",")
                .map { $0.trimmingCharacters(in: .whitespaces).lowercased() })
            #expect(allowedHeaders.isSuperset(of: ["authorization", "content-type", "idempotency-key", "if-match"]))
            #expect(preflight.headers[.accessControlMaxAge] == "600")
            #expect(preflight.headers[.vary] == "Origin")

            let simple = try await api.send(.get, "/health", headers: [.origin: shop])
            #expect(simple.status == 200)
            #expect(simple.headers[.accessControlAllowOrigin] == shop)
            let exposed = simple.headers[.accessControlExposeHeaders] ?? ""
            for name in ["ETag", "Location", "Retry-After"] { #expect(exposed.contains(name), "\(exposed)") }

            let stranger = "https://evil.example"
            let refusedPreflight = try await api.send(.options, "/products", headers: [
                .origin: stranger, .accessControlRequestMethod: "POST",
            ])
            #expect(refusedPreflight.headers[.accessControlAllowOrigin] == nil)
            #expect(refusedPreflight.headers[.accessControlAllowMethods] == nil)
            let refused = try await api.send(.get, "/health", headers: [.origin: stranger])
            #expect(refused.headers[.accessControlAllowOrigin] == nil)
            #expect(refused.headers[.accessControlExposeHeaders] == nil)
        }
    }

    @Test func noOriginIsAllowedByDefault() async throws {
        try await APIHarness.run("http_hygiene_cors_default") { api in
            let preflight = try await api.send(.options, "/products", headers: [
                .origin: "https://shop.example", .accessControlRequestMethod: "GET",
            ])
            #expect(preflight.headers[.accessControlAllowOrigin] == nil)
            #expect(try await api.send(.get, "/health", headers: [.origin: "https://shop.example"])
                .headers[.accessControlAllowOrigin] == nil)
        }
    }

    @Test func corsOriginsAreValidated() throws {
        #expect(try CORSPolicy.parseOrigins(" https://a.example, http://localhost:3000 ,") == ["https://a.example", "http://localhost:3000"])
        #expect(try CORSPolicy.parseOrigins("*") == ["*"])
        #expect(throws: CORSPolicy.InvalidOrigin.self) { try CORSPolicy.parseOrigins("https://a.example/path") }
        #expect(throws: CORSPolicy.InvalidOrigin.self) { try CORSPolicy.parseOrigins("a.example") }
    }

    @Test func headAnswersWhereverGetDoesWithHeadersAndNoBody() async throws {
        try await APIHarness.run("http_hygiene_head") { api in
            let admin = try await api.token()
            for (path, token, status) in [("/health", nil, 200), ("/openapi.json", nil, 200), ("/products", admin, 200),
                                          ("/products/NONE", admin, 404), ("/products", nil, 401)] as [(String, String?, Int)] {
                let get = try await api.send(.get, path, token: token)
                let head = try await api.send(.head, path, token: token)
                #expect(head.status == status, "HEAD \(path)")
                #expect(get.status == status, "GET \(path)")
                #expect(head.body.isEmpty, "HEAD \(path) has a body")
                #expect(head.headers[.contentType] == get.headers[.contentType], "HEAD \(path)")
            }
        }
    }

    @Test func knownPathsAnswerOtherMethodsWith405AndAllow() async throws {
        try await APIHarness.run("http_hygiene_405") { api in
            let admin = try await api.token()
            let order = UUID().uuidString
            for (method, path, allow) in [
                (HTTPRequest.Method.put, "/products", "GET, HEAD, POST, OPTIONS"),
                (.delete, "/products/SKU-1", "GET, HEAD, PATCH, OPTIONS"),
                (.get, "/orders/\(order)/pay", "POST, OPTIONS"),
                (.delete, "/orders/\(order)", "GET, HEAD, OPTIONS"),
                (.post, "/health", "GET, HEAD, OPTIONS"),
                (.head, "/auth/token", "POST, OPTIONS"),
                (HTTPRequest.Method("PROPFIND")!, "/users", "GET, HEAD, POST, OPTIONS"),
            ] {
                let reply = try await api.send(method, path, token: admin)
                #expect(reply.status == 405, "\(method) \(path): \(reply.status)")
                #expect(reply.headers[.allow] == allow, "\(method) \(path)")
                if method != .head {
                    #expect(reply.isProblem, "\(method) \(path)")
                    #expect(reply.problemType == "/problems/method-not-allowed")
                }
            }
            let options = try await api.send(.options, "/products")
            #expect(options.status == 204)
            #expect(options.headers[.allow] == "GET, HEAD, POST, OPTIONS")
            #expect(try await api.send(.put, "/nowhere").status == 404)
        }
    }
}
