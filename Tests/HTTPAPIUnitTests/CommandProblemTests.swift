import EventStore
import Foundation
import HTTPTypes
import NexusTestSupport
import Testing

/// Every problem type the command API answers, over the in-memory store: status, problem+json,
/// the fields named, and nothing appended.
@Suite("Command problems without a server")
struct CommandProblemTests {
    private struct Case {
        var name: String
        var method: HTTPRequest.Method
        var path: String
        var json: String?
        var token: String?
        var headers: HTTPFields = [:]
        var status: Int
        var type: String
        var fields: Set<String> = []
    }

    private static func check(_ cases: [Case], on api: UnitAPI) async throws {
        let before = try await api.eventCount()
        for item in cases {
            let reply = try await api.send(item.method, item.path, json: item.json, token: item.token, headers: item.headers)
            #expect(reply.status == item.status, "\(item.name): \(reply.text)")
            #expect(reply.isProblem, "\(item.name) is not problem+json: \(reply.headers)")
            #expect(reply.problemType == "/problems/\(item.type)", "\(item.name): \(reply.text)")
            #expect(reply.problemFields == item.fields, "\(item.name): \(reply.text)")
        }
        #expect(try await api.eventCount() == before, "a refused request appended events")
    }

    @Test func badInputAuthAndDomainRefusals() async throws {
        try await UnitAPI.run(configure: { $0.maxBodyBytes = 2048 }) { api in
            let admin = try await api.token()
            let customer = try await api.customer("carol")
            try await api.product("BAD-1", stock: 5, admin: admin)
            try await Self.check([
                Case(name: "malformed JSON", method: .post, path: "/products", json: #"{"sku": "X""#, token: admin, status: 400,
                     type: "malformed-json"),
                Case(name: "wrong type", method: .post, path: "/inventory/BAD-1/receipts", json: #"{"quantity":"five"}"#, token: admin,
                     status: 422, type: "invalid-body", fields: ["quantity"]),
                Case(name: "unknown nested field", method: .post, path: "/orders",
                     json: #"{"lines":[{"sku":"BAD-1","quantity":1,"discount":5}]}"#, token: customer.token, status: 422,
                     type: "invalid-body", fields: ["lines[0].discount"]),
                Case(name: "Int64.min quantity", method: .post, path: "/inventory/BAD-1/receipts",
                     json: #"{"quantity":-9223372036854775808}"#, token: admin, status: 422, type: "validation-failed", fields: ["quantity"]),
                Case(name: "NUL in a name", method: .post, path: "/categories", json: #"{"slug":"nul","name":"a\u0000b"}"#, token: admin,
                     status: 422, type: "invalid-body", fields: ["name"]),
                Case(name: "oversized body", method: .post, path: "/categories",
                     json: #"{"slug":"big","name":"\#(String(repeating: "b", count: 4096))"}"#, token: admin, status: 413,
                     type: "body-too-large"),
                Case(name: "wrong content type", method: .post, path: "/categories", json: #"{"slug":"t","name":"T"}"#, token: admin,
                     headers: [.contentType: "text/plain"], status: 415, type: "unsupported-media-type"),
                Case(name: "missing token", method: .post, path: "/categories", json: #"{"slug":"t","name":"T"}"#, status: 401,
                     type: "unauthorized"),
                Case(name: "forged token", method: .post, path: "/categories", json: #"{"slug":"t","name":"T"}"#, token: "not.a.jwt",
                     status: 401, type: "unauthorized"),
                Case(name: "customer on an admin route", method: .post, path: "/categories", json: #"{"slug":"t","name":"T"}"#,
                     token: customer.token, status: 403, type: "forbidden"),
                Case(name: "unknown SKU in the path", method: .post, path: "/inventory/NOPE-1/receipts", json: #"{"quantity":1}"#,
                     token: admin, status: 404, type: "not-found"),
                Case(name: "duplicate SKU", method: .post, path: "/products", json: APIRequests.product("BAD-1"), token: admin, status: 409,
                     type: "already-exists", fields: ["sku"]),
                Case(name: "unknown category", method: .post, path: "/products", json: APIRequests.product("BAD-2", category: "nope"),
                     token: admin, status: 422, type: "unknown-reference", fields: ["categorySlug"]),
                Case(name: "insufficient stock", method: .post, path: "/orders", json: #"{"lines":[{"sku":"BAD-1","quantity":6}]}"#,
                     token: customer.token, status: 409, type: "insufficient-stock", fields: ["lines[0].quantity"]),
                Case(name: "bad If-Match", method: .patch, path: "/products/BAD-1", json: #"{"name":"Y"}"#, token: admin,
                     headers: [.ifMatch: "yesterday"], status: 422, type: "invalid-body", fields: ["If-Match"]),
                Case(name: "stale If-Match", method: .patch, path: "/products/BAD-1", json: #"{"name":"Y"}"#, token: admin,
                     headers: [.ifMatch: "\"7\""], status: 412, type: "version-mismatch"),
                Case(name: "wrong method", method: .delete, path: "/categories", status: 405, type: "method-not-allowed"),
                Case(name: "no such route", method: .get, path: "/nowhere", status: 404, type: "no-route"),
            ], on: api)
        }
    }

    @Test func anInvalidTransitionIsAConflict() async throws {
        try await UnitAPI.run { api in
            let admin = try await api.token()
            let customer = try await api.customer("dan")
            try await api.product("TRANS-1", stock: 2, admin: admin)
            let order = try await api.send(.post, "/orders", json: #"{"lines":[{"sku":"TRANS-1","quantity":1}]}"#, token: customer.token)
            let id = try #require(order.string("id"), "\(order.text)")
            #expect(try await api.send(.post, "/orders/\(id)/cancel", json: #"{"reason":"changed my mind"}"#, token: customer.token).status == 200)
            try await Self.check([
                Case(name: "cancel twice", method: .post, path: "/orders/\(id)/cancel", json: #"{"reason":"again"}"#,
                     token: customer.token, status: 409, type: "invalid-transition"),
            ], on: api)
        }
    }

    @Test func anErasedPersonsAccountCannotChange() async throws {
        try await UnitAPI.run { api in
            let admin = try await api.token()
            let customer = try await api.customer("erin")
            #expect(try await api.send(.post, "/users/\(customer.id)/erasure", token: admin).status == 200)
            let before = try await api.eventCount()
            let renamed = try await api.send(.patch, "/users/\(customer.id)", json: #"{"name":"Back"}"#, token: admin)
            #expect(renamed.status == 409, "\(renamed.text)")
            #expect(renamed.problemType == "/problems/invalid-transition")
            #expect(renamed.isProblem)
            #expect(try await api.eventCount() == before)
        }
    }

    @Test func failedSignInsAreThrottled() async throws {
        try await UnitAPI.run { api in
            let customer = try await api.customer("guessed")
            for _ in 0..<5 {
                #expect(try await api.send(.post, "/auth/token", json: #"{"email":"\#(customer.email)","password":"wrong-guess-1"}"#).status == 401)
            }
            let throttled = try await api.send(.post, "/auth/token", json: #"{"email":"\#(customer.email)","password":"password-guessed"}"#)
            #expect(throttled.status == 429)
            #expect(throttled.problemType == "/problems/sign-in-throttled")
            #expect((throttled.headers[.retryAfter].flatMap(Int.init) ?? 0) > 0)
        }
    }

    @Test func aClientOverItsRateIsLimited() async throws {
        try await UnitAPI.run(configure: { $0.rateLimitBurst = 3; $0.rateLimitPerSecond = 0.001 }) { api in
            var statuses: [Int] = []
            for _ in 0..<4 { statuses.append(try await api.send(.get, "/health").status) }
            #expect(statuses == [200, 200, 200, 429])
            let limited = try await api.send(.get, "/health")
            #expect(limited.problemType == "/problems/rate-limited")
            #expect(limited.headers[.retryAfter] != nil)
        }
    }

    @Test(arguments: [
        (EventStoreError.Code.unavailable, 503, "unavailable"),
        (.shutDown, 503, "unavailable"),
        (.invalidEventData, 422, "rejected-by-store"),
        (.eventTooLarge, 422, "rejected-by-store"),
        (.idempotencyKeyReused, 422, "idempotency-key-reused"),
        (.personalDataErased, 410, "personal-data-erased"),
    ])
    func storeRefusalsBecomeProblems(_ code: EventStoreError.Code, _ status: Int, _ type: String) async throws {
        try await UnitAPI.run(
            configure: { $0.bootstrapAdmin = nil }, store: { ForwardingEventStore.refusing($0, with: EventStoreError(code, "refused")) }
        ) { api in
            let reply = try await api.send(.post, "/users", json: #"{"email":"x@example.com","password":"password-x","name":"X"}"#)
            #expect(reply.status == status, "\(reply.text)")
            #expect(reply.problemType == "/problems/\(type)")
            #expect(reply.isProblem)
        }
    }

    @Test func aWriterThatAlwaysWinsEndsInContention() async throws {
        let conflict = EventStoreError(
            .wrongExpectedVersion, "lost", conflicts: [.init(stream: "category-tools", expected: .noStream, actual: 1)])
        try await UnitAPI.run(
            configure: { $0.maxCommandAttempts = 2; $0.bootstrapAdmin = nil }, store: { ForwardingEventStore.refusing($0, with: conflict) }
        ) { api in
            let reply = try await api.send(.post, "/users", json: #"{"email":"y@example.com","password":"password-y","name":"Y"}"#)
            #expect(reply.status == 409, "\(reply.text)")
            #expect(reply.problemType == "/problems/concurrent-modification")
        }
    }
}
