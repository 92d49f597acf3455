import Foundation
import HTTPTypes
import Logging
import NexusTestSupport
import PostgresNIO
import NexusDomain
import Testing

@Suite("Auditor console over HTTP")
struct ConsoleTests {
    @Test func signInFailsWithWrongCredentialsACustomerOrNoFormToken() async throws {
        try await APIHarness.run("http_console_sign_in", client: .live) { api in
            let wrong = try await ConsoleClient.postSignIn(api, email: APIHarness.adminEmail, password: "not-the-password")
            #expect(wrong.status == 401 && wrong.headers[.contentType] == "text/html; charset=utf-8", "\(wrong.status)")
            #expect(wrong.text.contains("unknown email or wrong password") && wrong.cookie("nexus_console") == nil)

            let customer = try await api.customer("cora")
            let refused = try await ConsoleClient.postSignIn(api, email: customer.email, password: "password-cora")
            #expect(refused.status == 403 && refused.cookie("nexus_console") == nil, "\(refused.status)")

            let form = try await ConsoleClient.signInForm(api)
            let noToken = try await api.postForm(
                "/console/sign-in", ["email": APIHarness.adminEmail, "password": APIHarness.adminPassword], cookie: form.cookie)
            #expect(noToken.status == 403 && noToken.cookie("nexus_console") == nil)
            let noCookie = try await api.postForm(
                "/console/sign-in", ["csrf": form.token, "email": APIHarness.adminEmail, "password": APIHarness.adminPassword], cookie: nil)
            #expect(noCookie.status == 403 && noCookie.cookie("nexus_console") == nil)

            #expect(try await api.send(.get, "/console").status == 303)
            #expect(try await api.send(.get, "/console/stream?name=product-X", headers: [.cookie: "nexus_console=forged"]).status == 303)
        }
    }

    @Test func theSessionCookieIsHttpOnlyStrictAndScopedAndSignOutEndsIt() async throws {
        try await APIHarness.run("http_console_cookie", client: .live) { api in
            let reply = try await ConsoleClient.postSignIn(api, email: APIHarness.adminEmail, password: APIHarness.adminPassword)
            #expect(reply.status == 303 && reply.headers[.location] == "/console")
            let line = try #require(reply.setCookie("nexus_console"))
            let attributes = Set(line.split(separator: ";").dropFirst().map { $0.trimmingCharacters(in: .whitespaces) })
            #expect(attributes.isSuperset(of: ["HttpOnly", "SameSite=Strict", "Path=/console"]), "\(line)")
            #expect(!attributes.contains("Secure"), "plain HTTP: \(line)")
            #expect(try #require(reply.cookie("nexus_console")).count == 43)

            let console = try await ConsoleClient.signIn(api)
            let home = try await console.get("/console")
            #expect(home.status == 200)
            let policy = try #require(home.headers[.contentSecurityPolicy])
            #expect(policy.contains("default-src 'none'") && policy.contains("script-src 'self';") && !policy.contains("unsafe"))
            #expect(home.headers[.cacheControl] == "no-store" && home.headers[.xContentTypeOptions] == "nosniff")

            let out = try await console.post("/console/sign-out")
            #expect(out.status == 303)
            #expect(out.setCookie("nexus_console")?.contains("Max-Age=0") == true)
            #expect(try await console.get("/console").status == 303, "the session is gone on the server too")
        }
    }

    @Test func formsWithoutTheSessionsTokenOrFromAnotherSiteAreRefused() async throws {
        try await APIHarness.run("http_console_csrf", client: .live) { api in
            let console = try await ConsoleClient.signIn(api)
            let other = try await ConsoleClient.signIn(api)
            #expect(try await console.post("/console/verify", csrf: .some(nil)).status == 403)
            #expect(try await console.post("/console/verify", csrf: "x").status == 403)
            #expect(try await console.post("/console/verify", csrf: other.csrf).status == 403, "another session's token")
            #expect(try await console.post("/console/verify", headers: [ConsoleClient.secFetchSite: "cross-site"]).status == 403)
            #expect(try await console.post("/console/sign-out", csrf: .some(nil)).status == 403)
            #expect(try await console.get("/console").status == 200, "a refused sign-out leaves the session")
            let verified = try await console.post("/console/verify", headers: [ConsoleClient.secFetchSite: "same-origin"])
            #expect(verified.status == 200 && verified.text.contains("Intact"), "\(verified.text)")
        }
    }

    @Test func onlyAuditorsAndAdminsUseTheConsoleAndARoleChangeAppliesToOpenSessions() async throws {
        try await APIHarness.run("http_console_roles", client: .live) { api in
            let admin = try await api.token()
            let email = "auditor-\(UUID().uuidString.prefix(8))@nexus.test"
            let registered = try await api.send(.post, "/users", json: """
                {"email":"\(email)","password":"auditor-password","name":"Audrey","role":"auditor"}
                """, token: admin)
            let id = try #require(registered.string("id"))
            let auditor = try await ConsoleClient.signIn(api, email: email, password: "auditor-password")
            #expect(try await auditor.get("/console").status == 200)
            let demoted = try await api.send(.post, "/users/\(id)/role", json: #"{"role":"customer"}"#, token: admin)
            #expect(demoted.status == 200, "\(demoted.text)")
            try await TestServices.eventually(within: .seconds(10)) { try await auditor.get("/console").status == 403 }
            #expect(try await auditor.get("/console/live/events").status == 403)
        }
    }

    @Test func badInputIsAClientErrorPageNeverAServerError() async throws {
        try await APIHarness.run("http_console_bad_input", client: .live) { api in
            let admin = try await api.token()
            try await api.product("CON-BAD", stock: 1, admin: admin)
            let console = try await ConsoleClient.signIn(api)
            let long = String(repeating: "a", count: 300)
            let paths = [
                "/console/stream", "/console/stream?name=", "/console/stream?name=%00", "/console/stream?name=%FF", "/console/stream?name=no%20spaces",
                "/console/stream?name=\(long)", "/console/stream?name=product-CON-BAD&from=0", "/console/stream?name=product-CON-BAD&from=-1",
                "/console/stream?name=product-CON-BAD&from=9223372036854775808", "/console/stream?name=product-CON-BAD&from=abc",
                "/console/stream?name=product-NONE", "/console/event?name=product-CON-BAD", "/console/event?name=product-CON-BAD&version=0",
                "/console/event?name=product-CON-BAD&version=9223372036854775807", "/console/state?name=product-CON-BAD&position=-9223372036854775808",
                "/console/state?name=product-NONE", "/console/state?name=webhook-x", "/console/streams", "/console/streams?category=%27%3Bdrop",
                "/console/streams?category=\(long)", "/console/streams?category=product&after=%00", "/console/assets/..%2F..%2Fetc%2Fpasswd",
                "/console/assets/live.js.map", "/console/nope", "/console/stream?name=product-CON-BAD&evil=1", "/console?x=1", "/console/live/events?after=-1", "/console/live/events?after=x",
            ]
            for path in paths {
                let reply = try await console.get(path)
                #expect((400..<500).contains(reply.status), "\(path): \(reply.status)")
                #expect(reply.headers[.contentType] == "text/html; charset=utf-8", "\(path): \(reply.headers[.contentType] ?? "")")
            }
            #expect(try await console.get("/console/state?name=product-CON-BAD&position=9223372036854775807").status == 200)
            #expect(try await console.get("/console/streams?category=product&after=\(long)").status == 400)

            let json = try await console.post("/console/verify", headers: [.contentType: "application/json"])
            #expect(json.status == 415)
            let huge = try await console.post("/console/verify", ["stream": String(repeating: "x", count: 10_000)])
            #expect(huge.status == 413)
            let badStream = try await console.post("/console/verify", ["stream": "no spaces"])
            #expect(badStream.status == 422)
            let raw = try await api.send(
                .post, "/console/verify", json: "csrf=\(console.csrf)&stream=%FF%00",
                headers: [.contentType: "application/x-www-form-urlencoded", .cookie: console.cookie])
            #expect(raw.status == 422)
            let repeated = try await api.send(
                .post, "/console/verify", json: "csrf=\(console.csrf)&csrf=\(console.csrf)",
                headers: [.contentType: "application/x-www-form-urlencoded", .cookie: console.cookie])
            #expect(repeated.status == 422)
            #expect(try await api.send(.delete, "/console").status == 405)
            let api404 = try await api.send(.get, "/nope")
            #expect(api404.isProblem, "the API keeps problem+json")
        }
    }

    @Test func streamsShowTheirChainStatesAsOfAPositionEventsAndProjections() async throws {
        try await APIHarness.run("http_console_pages", client: .live) { api in
            let admin = try await api.token()
            try await api.product("CON-1", stock: 5, admin: admin)
            let second = try await api.send(.post, "/inventory/CON-1/receipts", json: #"{"quantity":7}"#, token: admin)
            #expect(second.status == 200)
            let console = try await ConsoleClient.signIn(api)

            let listing = try await console.get("/console/streams?category=inventory")
            #expect(listing.status == 200 && listing.text.contains("inventory-CON-1"))
            let stream = try await console.get("/console/stream?name=inventory-CON-1")
            #expect(stream.status == 200)
            #expect(stream.text.components(separatedBy: "class=\"chain ok\"").count == 3, "two events, both ✓")
            #expect(!stream.text.contains("chain broken"))

            let events = try await api.store.readStream(try .init("inventory-CON-1"), from: 1, limit: 10)
            let before = try await console.get("/console/state?name=inventory-CON-1&position=\(events[0].position)")
            #expect(before.status == 200 && before.text.contains("&quot;onHand&quot; : 5"), "\(before.text)")
            let after = try await console.get("/console/state?name=inventory-CON-1")
            #expect(after.text.contains("&quot;onHand&quot; : 12"))
            // As of a time: just before the second event (milliseconds, as the form takes them).
            try #require(events[1].recordedAt.timeIntervalSince(events[0].recordedAt) > 0.002)
            let between = ReplayTime.format(events[1].recordedAt.addingTimeInterval(-0.001))
            let atTime = try await console.get("/console/state?name=inventory-CON-1&time=\(between)")
            #expect(atTime.status == 200 && atTime.text.contains("&quot;onHand&quot; : 5"), "\(between): \(atTime.text)")
            #expect(atTime.text.contains("As of position <strong id=\"as-of\">\(events[0].position)</strong>"))
            let later = try await console.get("/console/state?name=inventory-CON-1&time=2999-01-01T00:00:00Z")
            #expect(later.text.contains("&quot;onHand&quot; : 12"))
            #expect(try await console.get("/console/state?name=inventory-CON-1&time=2001-01-01T00:00:00Z").status == 404)
            for refused in ["time=yesterday", "time=2026-13-01T00:00:00Z", "time=\(String(repeating: "9", count: 41))",
                            "time=2999-01-01T00:00:00Z&position=1"] {
                #expect(try await console.get("/console/state?name=inventory-CON-1&\(refused)").status == 400, "\(refused)")
            }

            let event = try await console.get("/console/event?name=inventory-CON-1&version=2")
            #expect(event.status == 200 && event.text.contains("&quot;quantity&quot; : 7"))

            let projections = try await console.get("/console/projections")
            #expect(projections.status == 200 && projections.text.contains("<td>stock</td>"), "\(projections.text)")
            let live = try await console.get("/console/live")
            #expect(live.status == 200 && live.text.contains("/console/assets/live.js"))
            let script = try await console.get("/console/assets/live.js")
            #expect(script.status == 200 && script.headers[.contentType] == "text/javascript; charset=utf-8")
        }
    }

    @Test func aTamperedStreamShowsItsBrokenLink() async throws {
        let database = try await TestDatabase.create(prefix: "http_console_tamper")
        try await APIHarness.run("http_console_tamper", database: database, client: .live) { api in
            let admin = try await api.token()
            try await api.product("CON-T", stock: 5, admin: admin)
            _ = try await api.send(.post, "/inventory/CON-T/receipts", json: #"{"quantity":7}"#, token: admin)
            try await ConsoleTamper.alter(database, stream: "inventory-CON-T", version: 1)
            let console = try await ConsoleClient.signIn(api)
            let stream = try await console.get("/console/stream?name=inventory-CON-T")
            #expect(stream.text.contains("class=\"chain broken\" data-version=\"1\""), "\(stream.text)")
            let verified = try await console.post("/console/verify", ["stream": "inventory-CON-T"])
            #expect(verified.status == 200 && verified.text.contains("Broken at position") && verified.text.contains("version 1"))
            let all = try await console.post("/console/verify")
            #expect(all.text.contains("Broken at position"))
        }
    }
}

/// Alters a stored event as an attacker with the database's superuser would (the immutability
/// trigger switched off), as the event store's tamper tests do.
enum ConsoleTamper {
    static func alter(_ database: TestDatabase, stream: String, version: Int64) async throws {
        let logger = Logger(label: "test.tamper")
        try await TestDatabase.withClient(database.superuserConfiguration) { client in
            try await client.withConnection { connection in
                try await connection.query("SET session_replication_role = replica", logger: logger)
                try await connection.query(
                    "UPDATE events SET data = jsonb_set(data, '{quantity}', '1000') WHERE stream = \(stream) AND stream_version = \(version)",
                    logger: logger)
            }
        }
    }
}

extension ConsoleClient {
    static let secFetchSite = HTTPField.Name("Sec-Fetch-Site")!
}
