import EventStore
import Foundation
import HTTPTypes
import NexusEvents
import NexusTestSupport
import Testing

@Suite("Commands over HTTP")
struct CommandFlowTests {
    @Test func anOrderLivesPlacedPaidShippedAndIllegalTransitionsAre409() async throws {
        try await APIHarness.run("http_lifecycle") { api in
            let admin = try await api.token()
            try await api.product("LIFE-1", priceMinor: 250, stock: 10, admin: admin)
            let customer = try await api.customer("dora")
            let placed = try await api.send(.post, "/orders", json: #"{"lines":[{"sku":"LIFE-1","quantity":4}]}"#, token: customer.token)
            #expect(placed.status == 201)
            let orderId = try #require(placed.string("id"))
            #expect(placed.string("stream") == "order-\(orderId)")
            #expect(placed.int("version") == 1)
            #expect((placed.int("position") ?? 0) > 0)
            #expect(placed.headers[.eTag] == "\"1\"")
            #expect(placed.headers[.location] == "/orders/\(orderId)")
            #expect(try await api.send(.post, "/orders/\(orderId)/ship", token: admin).status == 409)
            let wrongAmount = try await api.send(.post, "/orders/\(orderId)/pay", json: #"{"amount":{"amountMinor":1,"currency":"EUR"}}"#, token: customer.token)
            #expect(wrongAmount.status == 422)
            #expect(wrongAmount.problemFields == ["amount"])
            let pay = #"{"amount":{"amountMinor":1000,"currency":"EUR"}}"#
            #expect(try await api.send(.post, "/orders/\(orderId)/pay", json: pay, token: customer.token).status == 200)
            #expect(try await api.send(.post, "/orders/\(orderId)/pay", json: pay, token: customer.token).status == 409)
            let shipped = try await api.send(.post, "/orders/\(orderId)/ship", token: admin)
            #expect(shipped.status == 200)
            #expect(shipped.int("version") == 3)
            #expect(try await api.send(.post, "/orders/\(orderId)/cancel", json: #"{"reason":"late"}"#, token: customer.token).status == 409)
            #expect(try await api.send(.post, "/orders/\(UUID())/pay", json: pay, token: customer.token).status == 404)

            let inventory = try await api.store.readStream(StreamName("inventory-LIFE-1")).map(\.type)
            #expect(inventory == ["StockReceived", "StockReserved", "StockShipped"])
        }
    }

    @Test func aRetryWithTheSameIdempotencyKeyReturnsTheFirstResponseAndAppendsNothing() async throws {
        try await APIHarness.run("http_idempotency") { api in
            let admin = try await api.token()
            try await api.product("IDEM-1", stock: 3, admin: admin)
            let customer = try await api.customer("erin")
            let key: HTTPFields = [.init("Idempotency-Key")!: "order-attempt-1"]
            let body = #"{"lines":[{"sku":"IDEM-1","quantity":2}]}"#
            let first = try await api.send(.post, "/orders", json: body, token: customer.token, headers: key)
            #expect(first.status == 201)
            let afterFirst = try await api.log().count
            let retry = try await api.send(.post, "/orders", json: body, token: customer.token, headers: key)
            #expect(retry.status == 201)
            #expect(retry.string("id") == first.string("id"))
            #expect(retry.int("position") == first.int("position"))
            #expect(retry.object["replayed"] as? Bool == true)
            // The stock is gone now, yet the retry still answers with the first result.
            let again = try await api.send(.post, "/orders", json: body, token: customer.token, headers: key)
            #expect(again.status == 201)
            #expect(again.string("id") == first.string("id"))
            #expect(try await api.log().count == afterFirst)
            // Another key is a new order, refused for lack of stock.
            let other = try await api.send(.post, "/orders", json: body, token: customer.token,
                                           headers: [.init("Idempotency-Key")!: "order-attempt-2"])
            #expect(other.status == 409)
            #expect(other.problemType == "/problems/insufficient-stock")

            let orderId = try #require(first.string("id"))
            let pay = #"{"amount":{"amountMinor":2000,"currency":"EUR"}}"#
            let payKey: HTTPFields = [.init("Idempotency-Key")!: "pay-1"]
            let paid = try await api.send(.post, "/orders/\(orderId)/pay", json: pay, token: customer.token, headers: payKey)
            let repaid = try await api.send(.post, "/orders/\(orderId)/pay", json: pay, token: customer.token, headers: payKey)
            #expect(paid.status == 200)
            #expect(repaid.status == 200)
            #expect(repaid.int("version") == paid.int("version"))
        }
    }

    @Test func ifMatchGivesClientsOptimisticConcurrency() async throws {
        try await APIHarness.run("http_if_match") { api in
            let admin = try await api.token()
            try await api.product("MATCH-1", stock: 0, admin: admin)
            let renamed = try await api.send(.patch, "/products/MATCH-1", json: #"{"name":"First"}"#, token: admin, headers: [.ifMatch: "\"1\""])
            #expect(renamed.status == 200)
            #expect(renamed.int("version") == 2)
            let before = try await api.log().count
            let stale = try await api.send(.patch, "/products/MATCH-1", json: #"{"name":"Second"}"#, token: admin, headers: [.ifMatch: "\"1\""])
            #expect(stale.status == 412)
            #expect(stale.isProblem)
            #expect(try await api.log().count == before)
            let fresh = try await api.send(.patch, "/products/MATCH-1", json: #"{"name":"Second","price":{"amountMinor":5,"currency":"USD"}}"#, token: admin, headers: [.ifMatch: "2"])
            #expect(fresh.status == 200)
            #expect(fresh.int("version") == 4)
        }
    }

    @Test func emailsAreUniqueThroughTheReservationStream() async throws {
        try await APIHarness.run("http_unique_email") { api in
            let body = #"{"email":"Same@Example.com","password":"password-1","name":"One"}"#
            let replies = try await withThrowingTaskGroup(of: APIReply.self) { group in
                for _ in 0..<8 { group.addTask { try await api.send(.post, "/users", json: body) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(replies.filter { $0.status == 201 }.count == 1)
            #expect(replies.filter { $0.status == 409 }.count == 7)
            let registrations = try await api.log().filter { $0.type == "UserRegistered" }
            #expect(registrations.count == 2)
        }
    }
}
