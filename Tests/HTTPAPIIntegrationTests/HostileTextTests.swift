import Foundation
@testable import HTTPAPI
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import NexusTestSupport
import PostgresNIO
import Testing

/// NUL, invalid UTF-8 and other text no field can hold is refused before it reaches the
/// database: 400 in the URL, 415 for a body not in UTF-8, 422 for a body field; never the 503
/// PostgreSQL's refusal (SQLSTATE 22021) used to become.
@Suite("Hostile text over HTTP")
struct HostileTextTests {
    /// The opaque cursor of a page whose last key is `key`.
    static func cursor(_ key: String) -> String {
        Data(("c1:" + key).utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    @Test func nulAndInvalidUTF8InTheURLAre400() async throws {
        try await APIHarness.run("http_hostile_url") { api in
            let admin = try await api.token()
            try await api.product("TXT-1", stock: 5, admin: admin)
            let before = try await api.log().count
            let cases: [(method: HTTPRequest.Method, path: String, json: String?, fields: Set<String>)] = [
                (.get, "/products?q=%00", nil, ["q"]),
                (.get, "/products?category=%00", nil, ["category"]),
                (.get, "/products?q=a%00b&category=tools", nil, ["q"]),
                (.get, "/products?q=%FF", nil, ["q"]),
                (.get, "/products?q=%E2%82", nil, ["q"]),
                (.get, "/products?q=%1B", nil, ["q"]),
                (.get, "/products?%00=1", nil, ["query"]),
                (.get, "/products?cursor=\(Self.cursor("A\u{0}"))", nil, ["cursor"]),
                (.get, "/users?cursor=\(Self.cursor("\u{0}"))", nil, ["cursor"]),
                (.get, "/products/%00", nil, ["path"]),
                (.get, "/stock/TXT%00-1", nil, ["path"]),
                (.get, "/streams/product-%00/events", nil, ["path"]),
                (.patch, "/products/TXT%001", #"{"name":"X"}"#, ["path"]),
                (.post, "/inventory/%00/receipts", #"{"quantity":1}"#, ["path"]),
            ]
            for item in cases {
                let reply = try await api.send(item.method, item.path, json: item.json, token: admin)
                #expect(reply.status == 400, "\(item.path): \(reply.status) \(reply.text)")
                #expect(reply.isProblem, "\(item.path)")
                #expect(reply.problemFields == item.fields, "\(item.path): \(reply.text)")
            }
            let fine = try await api.send(.get, "/products?q=%C3%A9t%C3%A9", token: admin)
            #expect(fine.status == 200, "valid percent-encoded UTF-8 is served: \(fine.text)")
            #expect(try await api.log().count == before)
        }
    }

    /// What an HTTP client library would not send as is (it re-encodes the URL first).
    @Test func malformedPercentEncodingAndOverlongUTF8AreFoundInAnyPart() {
        #expect(RequestTextMiddleware.problems(path: "/products/%C0%AF", query: nil).map(\.field) == ["path"])
        #expect(RequestTextMiddleware.problems(path: "/products/%zz", query: "q=%2").map(\.field) == ["path", "q"])
        #expect(RequestTextMiddleware.problems(path: "/stock/A\u{1}", query: "below=%ED%A0%80&limit=5").map(\.field) == ["path", "below"])
        #expect(RequestTextMiddleware.problems(path: "/products/%C3%A9", query: "q=caf%C3%A9&empty=&flag").isEmpty)
    }

    @Test func bodiesMustBeUTF8JSONWithoutNUL() async throws {
        try await APIHarness.run("http_hostile_body") { api in
            let admin = try await api.token()
            let before = try await api.log().count
            let json = #"{"slug":"tx","name":"Text"}"#
            let utf16LE = Data([0xFF, 0xFE]) + json.data(using: .utf16LittleEndian)!
            let utf16BE = json.data(using: .utf16BigEndian)!
            let utf32 = json.data(using: .utf32LittleEndian)!
            let utf8BOM = Data([0xEF, 0xBB, 0xBF]) + Data(json.utf8)
            let invalidUTF8 = Data(#"{"slug":"tx","name":"T"#.utf8) + Data([0xFF, 0xC0, 0xAF]) + Data(#""}"#.utf8)
            for (name, body, contentType) in [
                ("UTF-16 with a byte order mark", utf16LE, "application/json"),
                ("UTF-16 without a byte order mark", utf16BE, "application/json"),
                ("UTF-32", utf32, "application/json"),
                ("UTF-8 with a byte order mark", utf8BOM, "application/json"),
                ("invalid UTF-8", invalidUTF8, "application/json"),
                ("another charset", Data(json.utf8), "application/json; charset=iso-8859-1"),
                ("UTF-16 charset", Data(json.utf8), "application/json; charset=utf-16"),
            ] {
                let reply = try await api.client.executeRequest(
                    uri: "/categories", method: .post,
                    headers: [.contentType: contentType, .authorization: "Bearer \(admin)"], body: ByteBuffer(bytes: body))
                #expect(reply.status == .unsupportedMediaType, "\(name): \(reply.status) \(String(buffer: reply.body))")
            }
            let charset = try await api.send(
                .post, "/categories", json: #"{"slug":"ok","name":"OK"}"#, token: admin,
                headers: [.contentType: "application/json; charset=UTF-8"])
            #expect(charset.status == 201, "charset=utf-8 is fine: \(charset.text)")

            let nul = try await api.send(.post, "/categories", json: #"{"slug":"nul","name":"a\u0000b"}"#, token: admin)
            #expect(nul.status == 422, "\(nul.text)")
            #expect(nul.problemFields == ["name"], "\(nul.text)")
            #expect(nul.text.contains("nul_character"), "\(nul.text)")
            let password = try await api.send(
                .post, "/users", json: #"{"email":"nul@example.com","password":"pass\u0000word1","name":"N"}"#)
            #expect(password.status == 422, "\(password.text)")
            #expect(password.problemFields == ["password"], "\(password.text)")
            let order = try await api.send(.post, "/orders", json: #"{"lines":[{"sku":"\u0000","quantity":1}]}"#, token: admin)
            #expect(order.status == 422, "\(order.text)")
            #expect(order.problemFields.contains("lines[0].sku"), "\(order.text)")
            #expect(try await api.log().count == before + 1, "only the category with charset=utf-8 was created")
        }
    }

    @Test func aValueTheDatabaseRefusesIsTheCallersError() async throws {
        try await TestDatabase.withEventStore(prefix: "http_db_refusal") { store, _ in
            let client = store.client
            let logger = Logger(label: "nexus.test.refusal")
            let probe = RouteModule { builder in
                for method in [HTTPRequest.Method.get, .post] {
                    builder.add(RouteDoc(method, "/probe", summary: "probe", tag: "test", access: "public", success: (200, [:]), errors: [])) { _, _ in
                        let text = "a\u{0}b"
                        for try await _ in try await client.query("SELECT \(text)::text", logger: logger) {}
                        return Response(status: .ok)
                    }
                }
            }
            var configuration = HTTPServerConfiguration(jwtSecret: APIHarness.secret)
            configuration.servesCommands = false
            let api = try await NexusAPI.build(configuration: configuration, store: store, privacy: nil, modules: [probe], logger: logger)
            try await api.application.test(.router) { client in
                let read = try await client.executeRequest(uri: "/probe", method: .get, headers: [:], body: nil)
                #expect(read.status == .badRequest, "\(String(buffer: read.body))")
                #expect(read.headers[.retryAfter] == nil)
                let command = try await client.executeRequest(uri: "/probe", method: .post, headers: [:], body: nil)
                #expect(command.status == .unprocessableContent, "\(String(buffer: command.body))")
            }
        }
    }

    @Test func aMinPositionBeyondTheLogIs422AtOnce() async throws {
        var queries = QueryConfiguration()
        queries.maxWait = .seconds(30)
        try await APIHarness.run("http_beyond_head", queries: queries) { api in
            let admin = try await api.token()
            try await api.product("HEAD-1", stock: 1, admin: admin)
            let head = try #require(try await api.log().last?.position)
            for wanted in [head + 1, head + 1000, Int64.max] {
                let started = ContinuousClock.now
                let reply = try await api.send(.get, "/stock/HEAD-1?minPosition=\(wanted)", token: admin)
                #expect(reply.status == 422, "\(wanted): \(reply.text)")
                #expect(reply.problemFields == ["minPosition"], "\(reply.text)")
                #expect(ContinuousClock.now - started < .seconds(10), "answered without waiting for the read model (30 s)")
            }
            try await api.catchUp()
            let reached = try await api.send(.get, "/stock/HEAD-1?minPosition=\(head)", token: admin)
            #expect(reached.status == 200, "a position the log holds is still served: \(reached.text)")
        }
    }
}
