import EventStore
import Foundation
import HTTPAPI
import HTTPTypes
import NexusTestSupport
import Testing

@Suite("An idempotency key belongs to one caller and one request")
struct IdempotencyBindingTests {
    static func key(_ value: String) -> HTTPFields { [.init("Idempotency-Key")!: value] }

    @Test func theSameKeyWithAnotherBodyIsRefusedAndAppendsNothing() async throws {
        try await APIHarness.run("http_idem_body") { api in
            let admin = try await api.token()
            try await api.product("BIND-1", stock: 5, admin: admin)
            let customer = try await api.customer("fay")
            let first = try await api.send(
                .post, "/orders", json: #"{"lines":[{"sku":"BIND-1","quantity":2}]}"#, token: customer.token, headers: Self.key("cart-1"))
            #expect(first.status == 201)
            let before = try await api.log().count
            let other = try await api.send(
                .post, "/orders", json: #"{"lines":[{"sku":"BIND-1","quantity":3}]}"#, token: customer.token, headers: Self.key("cart-1"))
            #expect(other.status == 422)
            #expect(other.problemType == "/problems/idempotency-key-reused")
            #expect(other.isProblem)
            #expect(try await api.log().count == before)
            // The identical retry still replays the first result.
            let retry = try await api.send(
                .post, "/orders", json: #"{"lines":[{"sku":"BIND-1","quantity":2}]}"#, token: customer.token, headers: Self.key("cart-1"))
            #expect(retry.status == 201)
            #expect(retry.string("id") == first.string("id"))
            #expect(retry.object["replayed"] as? Bool == true)
        }
    }

    @Test func theSameKeyOnAnotherEndpointOrEntityIsRefused() async throws {
        try await APIHarness.run("http_idem_route") { api in
            let admin = try await api.token()
            try await api.product("BIND-A", stock: 0, admin: admin)
            try await api.product("BIND-B", stock: 0, admin: admin)
            let receipt = try await api.send(.post, "/inventory/BIND-A/receipts", json: #"{"quantity":5}"#, token: admin, headers: Self.key("k-7"))
            #expect(receipt.status == 200)
            let before = try await api.log().count
            // Same body, same route template, another SKU.
            let otherSku = try await api.send(.post, "/inventory/BIND-B/receipts", json: #"{"quantity":5}"#, token: admin, headers: Self.key("k-7"))
            #expect(otherSku.status == 422)
            #expect(otherSku.problemType == "/problems/idempotency-key-reused")
            // Another endpoint whose command would succeed.
            let category = try await api.send(.post, "/categories", json: #"{"slug":"bind","name":"Bind"}"#, token: admin, headers: Self.key("k-7"))
            #expect(category.status == 422)
            #expect(category.problemType == "/problems/idempotency-key-reused")
            // A bodyless command on another route with the key.
            #expect(try await api.send(.post, "/products/BIND-B/discontinue", token: admin, headers: Self.key("k-7")).status == 422)
            #expect(try await api.log().count == before)
        }
    }

    @Test func anAnonymousStrangersKeyNeverAnswersTheStrangersResult() async throws {
        try await APIHarness.run("http_idem_anonymous") { api in
            let stranger = try await api.send(
                .post, "/users", json: #"{"email":"stranger@example.com","password":"password-s","name":"Stranger"}"#,
                headers: Self.key("signup-1"))
            #expect(stranger.status == 201)
            let me = try await api.send(
                .post, "/users", json: #"{"email":"me@example.com","password":"password-m","name":"Me"}"#,
                headers: Self.key("signup-1"))
            #expect(me.status == 201)
            #expect(me.object["replayed"] as? Bool == false)
            #expect(me.string("id") != stranger.string("id"))
            #expect(me.string("stream") != stranger.string("stream"))
            let registered = try await api.log().filter { $0.type == "UserRegistered" }
            #expect(registered.count == 3)  // the bootstrap admin, the stranger and me
        }
    }

    @Test func aRaceOfIdenticalRequestsAppendsOnceAndAnswersInFlightOrTheFirstResult() async throws {
        try await APIHarness.run("http_idem_race") { api in
            let body = #"{"email":"racer@example.com","password":"password-r","name":"Racer"}"#
            let replies = try await withThrowingTaskGroup(of: APIReply.self) { group in
                for _ in 0..<12 { group.addTask { try await api.send(.post, "/users", json: body, headers: Self.key("race-1")) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let created = replies.filter { $0.status == 201 }
            #expect(created.count >= 1)
            #expect(Set(created.compactMap { $0.string("id") }).count == 1)
            #expect(created.filter { $0.object["replayed"] as? Bool == false }.count == 1)
            let others = replies.filter { $0.status != 201 }
            #expect(others.allSatisfy { $0.status == 409 && $0.problemType == "/problems/idempotency-key-in-flight" })
            #expect(try await api.log().filter { $0.type == "UserRegistered" }.count == 2)
        }
    }

    @Test func aRaceOfDifferentRequestsWithOneKeyAppendsOnlyOne() async throws {
        try await APIHarness.run("http_idem_race_bodies") { api in
            let admin = try await api.token()
            let replies = try await withThrowingTaskGroup(of: APIReply.self) { group in
                for index in 0..<10 {
                    group.addTask {
                        try await api.send(
                            .post, "/categories", json: #"{"slug":"race-\#(index)","name":"Race \#(index)"}"#, token: admin,
                            headers: Self.key("one-key"))
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(replies.filter { $0.status == 201 }.count == 1)
            #expect(replies.filter { $0.status != 201 }.allSatisfy { $0.status == 409 || $0.status == 422 })
            #expect(try await api.log().filter { $0.type == "CategoryCreated" }.count == 1)
        }
    }

    @Test func twoServersRacingIdenticalRequestsAppendOnce() async throws {
        try await APIHarness.run("http_idem_two_servers") { api in
            let admin = try await api.token()
            let body = #"{"slug":"shared","name":"Shared"}"#
            try await api.onAnotherServer { other in
                let statuses = try await withThrowingTaskGroup(of: (Int, String?).self) { group in
                    for index in 0..<8 {
                        group.addTask {
                            if index % 2 == 0 {
                                let reply = try await api.send(.post, "/categories", json: body, token: admin, headers: Self.key("both"))
                                return (reply.status, reply.problemType)
                            }
                            let reply = try await other.send(.post, "/categories", json: body, headers: Self.key("both"))
                            let object = (try? JSONSerialization.jsonObject(with: Data(reply.body.readableBytesView))) as? [String: Any]
                            return (Int(reply.status.code), object?["type"] as? String)
                        }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                #expect(statuses.allSatisfy { $0.0 == 201 || ($0.0 == 409 && $0.1 == "/problems/idempotency-key-in-flight") })
            }
            #expect(try await api.log().filter { $0.type == "CategoryCreated" }.count == 1)
        }
    }
}
