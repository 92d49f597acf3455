import Foundation
import HTTPTypes
import Testing

@Suite("Who may read what over the query API")
struct QueryAccessTests {
    @Test func usersAndOrdersAreReadableByThemselvesAndAdminsOnly() async throws {
        try await APIHarness.run("http_query_access") { api in
            let admin = try await api.token()
            try await api.product("ACC-1", priceMinor: 300, stock: 10, admin: admin)
            let alice = try await api.customer("alice")
            let bob = try await api.customer("bob")
            let placed = try await api.send(.post, "/orders", json: #"{"lines":[{"sku":"ACC-1","quantity":2}]}"#, token: alice.token)
            #expect(placed.status == 201)
            let orderId = try #require(placed.string("id"))
            try await api.catchUp()

            #expect(try await api.send(.get, "/products").status == 401)
            #expect(try await api.send(.get, "/products", token: "forged").status == 401)

            let own = try await api.send(.get, "/users/\(alice.id)", token: alice.token)
            #expect(own.status == 200)
            #expect(own.string("email") == alice.email)
            #expect(own.int("orderCount") == 1)
            #expect(own.object["passwordHash"] == nil)
            #expect(!own.text.contains("$2"), "no bcrypt hash anywhere")
            #expect(try await api.send(.get, "/users/\(alice.id)", token: bob.token).status == 403)
            #expect(try await api.send(.get, "/users/\(alice.id)", token: admin).status == 200)

            #expect(try await api.send(.get, "/users", token: alice.token).status == 403)
            let all = try await api.send(.get, "/users?limit=2", token: admin)
            #expect(all.status == 200)
            #expect((all.object["items"] as? [[String: Any]])?.count == 2)
            let next = try #require(all.object["nextCursor"] as? String)
            let rest = try await api.send(.get, "/users?limit=2&cursor=\(next)", token: admin)
            #expect((rest.object["items"] as? [[String: Any]])?.count == 1, "admin, alice, bob")
            #expect(rest.object["nextCursor"] == nil)

            let order = try await api.send(.get, "/orders/\(orderId)", token: alice.token)
            #expect(order.status == 200)
            #expect(order.int("totalMinor") == 600)
            #expect(order.string("customerId") == alice.id)
            #expect((order.object["lines"] as? [[String: Any]])?.first?["sku"] as? String == "ACC-1")
            #expect(try await api.send(.get, "/orders/\(orderId)", token: bob.token).status == 403)
            #expect(try await api.send(.get, "/orders/\(orderId)", token: admin).status == 200)

            let mine = try await api.send(.get, "/users/\(alice.id)/orders", token: alice.token)
            #expect(mine.status == 200)
            #expect(((mine.object["items"] as? [[String: Any]]) ?? []).compactMap { $0["id"] as? String } == [orderId])
            #expect(try await api.send(.get, "/users/\(alice.id)/orders", token: bob.token).status == 403)
            let bobs = try await api.send(.get, "/users/\(bob.id)/orders", token: admin)
            #expect((bobs.object["items"] as? [[String: Any]])?.isEmpty == true)
        }
    }

    @Test func historyIsForAuditorsAndAdminsAndShowsTheStoredEvents() async throws {
        try await APIHarness.run("http_query_history") { api in
            let admin = try await api.token()
            try await api.product("HIST-1", stock: 4, admin: admin)
            let customer = try await api.customer("carl")
            let auditorEmail = "auditor-\(UUID().uuidString.prefix(8))@nexus.test"
            let registered = try await api.send(.post, "/users", json: """
                {"email":"\(auditorEmail)","password":"auditor-password","name":"Audrey","role":"auditor"}
                """, token: admin)
            #expect(registered.status == 201)
            let auditor = try await api.token(auditorEmail, password: "auditor-password")

            #expect(try await api.send(.get, "/events", token: customer.token).status == 403)
            #expect(try await api.send(.get, "/streams/product-HIST-1/events", token: customer.token).status == 403)
            #expect(try await api.send(.get, "/events").status == 401)

            let stream = try await api.send(.get, "/streams/product-HIST-1/events", token: auditor)
            #expect(stream.status == 200)
            let events = try #require(stream.object["events"] as? [[String: Any]])
            #expect(events.count == 1)
            let created = try #require(events.first)
            #expect(created["type"] as? String == "ProductCreated")
            #expect(created["stream"] as? String == "product-HIST-1")
            #expect(created["version"] as? Int == 1)
            #expect(created["schemaVersion"] as? Int == 1)
            #expect((created["data"] as? [String: Any])?["sku"] as? String == "HIST-1")
            #expect((created["hash"] as? String)?.count == 64)
            #expect(created["recordedAt"] is String)
            #expect(created["metadata"] is [String: Any])
            #expect(stream.int("next") == 2)
            let later = try await api.send(.get, "/streams/product-HIST-1/events?from=2", token: auditor)
            #expect((later.object["events"] as? [Any])?.isEmpty == true)
            #expect(try await api.send(.get, "/streams/product-NOPE/events", token: admin).status == 404)

            let log = try await api.log()
            var seen: [Int] = []
            var after = 0
            while true {
                let page = try await api.send(.get, "/events?after=\(after)&limit=4", token: auditor)
                #expect(page.status == 200)
                let positions = ((page.object["events"] as? [[String: Any]]) ?? []).compactMap { $0["position"] as? Int }
                if positions.isEmpty { break }
                seen += positions
                after = try #require(page.int("next"))
            }
            let stored = log.map { Int($0.position) }
            #expect(Array(seen.prefix(stored.count)) == stored, "the auditor's own registration may follow")
        }
    }
}
