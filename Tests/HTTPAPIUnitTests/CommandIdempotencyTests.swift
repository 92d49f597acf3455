import Foundation
import HTTPTypes
import Testing

/// The idempotency rules (an `Idempotency-Key` belongs to one caller and one request) over the
/// in-memory store; the races and the two-server case stay in the integration tier.
@Suite("Idempotency keys without a server")
struct CommandIdempotencyTests {
    static func key(_ value: String) -> HTTPFields { [.init("Idempotency-Key")!: value] }

    @Test func aRetryReplaysTheFirstResultAndAnotherBodyIsRefused() async throws {
        try await UnitAPI.run { api in
            let admin = try await api.token()
            try await api.product("IDEM-1", stock: 5, admin: admin)
            let customer = try await api.customer("fay")
            let order = #"{"lines":[{"sku":"IDEM-1","quantity":2}]}"#
            let first = try await api.send(.post, "/orders", json: order, token: customer.token, headers: Self.key("cart-1"))
            #expect(first.status == 201)
            let before = try await api.eventCount()
            let retry = try await api.send(.post, "/orders", json: order, token: customer.token, headers: Self.key("cart-1"))
            #expect(retry.status == 201)
            #expect(retry.string("id") == first.string("id"))
            #expect(retry.object["replayed"] as? Bool == true)
            let other = try await api.send(
                .post, "/orders", json: #"{"lines":[{"sku":"IDEM-1","quantity":3}]}"#, token: customer.token, headers: Self.key("cart-1"))
            #expect(other.status == 422)
            #expect(other.problemType == "/problems/idempotency-key-reused")
            #expect(try await api.eventCount() == before)
        }
    }

    @Test func theSameKeyOnAnotherRouteOrEntityIsRefused() async throws {
        try await UnitAPI.run { api in
            let admin = try await api.token()
            try await api.product("IDEM-A", stock: 0, admin: admin)
            try await api.product("IDEM-B", stock: 0, admin: admin)
            #expect(try await api.send(.post, "/inventory/IDEM-A/receipts", json: #"{"quantity":5}"#, token: admin, headers: Self.key("k")).status == 200)
            let before = try await api.eventCount()
            let otherSku = try await api.send(.post, "/inventory/IDEM-B/receipts", json: #"{"quantity":5}"#, token: admin, headers: Self.key("k"))
            #expect(otherSku.problemType == "/problems/idempotency-key-reused")
            let otherRoute = try await api.send(.post, "/categories", json: #"{"slug":"idem","name":"Idem"}"#, token: admin, headers: Self.key("k"))
            #expect(otherRoute.problemType == "/problems/idempotency-key-reused")
            #expect(try await api.send(.post, "/products/IDEM-B/discontinue", token: admin, headers: Self.key("k")).status == 422)
            #expect(try await api.eventCount() == before)
        }
    }

    @Test func anotherCallersKeyNeverAnswersTheirResult() async throws {
        try await UnitAPI.run { api in
            let stranger = try await api.send(
                .post, "/users", json: #"{"email":"stranger@example.com","password":"password-s","name":"Stranger"}"#, headers: Self.key("signup"))
            #expect(stranger.status == 201)
            let me = try await api.send(
                .post, "/users", json: #"{"email":"me@example.com","password":"password-m","name":"Me"}"#, headers: Self.key("signup"))
            #expect(me.status == 201)
            #expect(me.object["replayed"] as? Bool == false)
            #expect(me.string("id") != stranger.string("id"))
        }
    }
}
