import Foundation
import HTTPTypes
import NexusTestSupport
import Testing

@Suite("Catalog and stock queries over HTTP")
struct QueryCatalogTests {
    @Test func productsFilterByCategoryStatusAndNameAndPageWithOpaqueCursors() async throws {
        try await APIHarness.run("http_query_products") { api in
            let admin = try await api.token()
            for index in 1...7 { try await api.product("TOOL-\(index)", stock: index, admin: admin) }
            #expect(try await api.send(.post, "/categories", json: #"{"slug":"garden","name":"Garden"}"#, token: admin).status == 201)
            let hose = try await api.send(.post, "/products", json: """
                {"sku":"GARDEN-1","name":"Green Hose","description":"","price":{"amountMinor":500,"currency":"EUR"},"categorySlug":"garden"}
                """, token: admin)
            #expect(hose.status == 201)
            #expect(try await api.send(.post, "/products/TOOL-3/discontinue", token: admin).status == 200)
            try await api.catchUp()
            let customer = try await api.customer("paula")

            var skus: [String] = []
            var path = "/products?limit=3"
            var pages = 0
            while true {
                let page = try await api.send(.get, path, token: customer.token)
                #expect(page.status == 200)
                let items = try #require(page.object["items"] as? [[String: Any]])
                #expect(items.count <= 3)
                skus += items.compactMap { $0["sku"] as? String }
                pages += 1
                guard let cursor = page.object["nextCursor"] as? String else { break }
                #expect(!cursor.contains("TOOL"), "cursors are opaque")
                path = "/products?limit=3&cursor=\(cursor)"
            }
            #expect(skus == ["GARDEN-1"] + (1...7).map { "TOOL-\($0)" })
            #expect(pages == 3)

            let garden = try await api.send(.get, "/products?category=garden", token: customer.token)
            #expect(self.skus(garden) == ["GARDEN-1"])
            let discontinued = try await api.send(.get, "/products?status=discontinued", token: customer.token)
            #expect(self.skus(discontinued) == ["TOOL-3"])
            let active = try await api.send(.get, "/products?status=active&category=tools&limit=100", token: customer.token)
            #expect(self.skus(active) == ["TOOL-1", "TOOL-2", "TOOL-4", "TOOL-5", "TOOL-6", "TOOL-7"])
            let text = try await api.send(.get, "/products?q=hOsE", token: customer.token)
            #expect(self.skus(text) == ["GARDEN-1"])
            let none = try await api.send(.get, "/products?q=%25", token: customer.token)
            #expect(self.skus(none).isEmpty, "% in q is text, not a wildcard")
        }
    }

    @Test func singleResourcesCarryETagsAnd304AndUnknownOnesAre404() async throws {
        try await APIHarness.run("http_query_etag") { api in
            let admin = try await api.token()
            try await api.product("ETAG-1", stock: 5, admin: admin)
            try await api.catchUp()
            let customer = try await api.customer("ed")

            let first = try await api.send(.get, "/products/ETAG-1", token: customer.token)
            #expect(first.status == 200)
            #expect(first.string("sku") == "ETAG-1")
            #expect(first.int("availableStock") == 5)
            let tag = try #require(first.headers[.eTag])
            let unchanged = try await api.send(.get, "/products/ETAG-1", token: customer.token, headers: [.ifNoneMatch: tag])
            #expect(unchanged.status == 304)
            #expect(unchanged.body.isEmpty)
            #expect(unchanged.headers[.eTag] == tag)
            #expect(try await api.send(.get, "/products/ETAG-1", token: customer.token, headers: [.ifNoneMatch: "\"other\", W/\(tag)"]).status == 304)

            #expect(try await api.send(.post, "/inventory/ETAG-1/receipts", json: #"{"quantity":2}"#, token: admin).status == 200)
            try await api.catchUp()
            let changed = try await api.send(.get, "/products/ETAG-1", token: customer.token, headers: [.ifNoneMatch: tag])
            #expect(changed.status == 200, "stock joined into the product changes its ETag")
            #expect(changed.int("availableStock") == 7)
            #expect(changed.headers[.eTag] != tag)

            let stock = try await api.send(.get, "/stock/ETAG-1", token: customer.token)
            #expect(stock.status == 200)
            #expect(stock.int("onHand") == 7)
            let stockTag = try #require(stock.headers[.eTag])
            #expect(try await api.send(.get, "/stock/ETAG-1", token: customer.token, headers: [.ifNoneMatch: stockTag]).status == 304)

            for path in ["/products/NOPE-1", "/stock/NOPE-1", "/users/\(UUID())", "/orders/\(UUID())"] {
                let missing = try await api.send(.get, path, token: admin)
                #expect(missing.status == 404, "\(path)")
                #expect(missing.isProblem)
            }
        }
    }

    @Test func stockBelowAndCategoriesServeTheReadModels() async throws {
        try await APIHarness.run("http_query_stock") { api in
            let admin = try await api.token()
            try await api.product("LOW-1", stock: 2, admin: admin)
            try await api.product("LOW-2", stock: 0, admin: admin)
            try await api.product("HIGH-1", stock: 50, admin: admin)
            try await api.catchUp()
            let below = try await api.send(.get, "/stock?below=10", token: admin)
            #expect(below.status == 200)
            let skus = ((below.object["items"] as? [[String: Any]]) ?? []).compactMap { $0["sku"] as? String }
            #expect(skus == ["LOW-1"], "LOW-2 never received stock, so it has no stock row")
            let categories = try await api.send(.get, "/categories", token: admin)
            #expect(categories.status == 200)
            let list = try #require(try JSONSerialization.jsonObject(with: categories.body) as? [[String: Any]])
            #expect(list.map { $0["slug"] as? String } == ["tools"])
            #expect(list.first?["activeProductCount"] as? Int == 3)
        }
    }

    @Test func badQueryParametersAre400WithFieldDetails() async throws {
        try await APIHarness.run("http_query_bad") { api in
            let admin = try await api.token()
            let cases: [(String, Set<String>)] = [
                ("/products?limit=abc", ["limit"]),
                ("/products?limit=101", ["limit"]),
                ("/products?limit=0", ["limit"]),
                ("/products?cursor=!!!", ["cursor"]),
                ("/products?cursor=Zm9v", ["cursor"]),
                ("/products?status=lost&limit=-1", ["status", "limit"]),
                ("/products/X?minPosition=soon", ["minPosition"]),
                ("/stock", ["below"]),
                ("/stock?below=ten", ["below"]),
                ("/users?cursor=\(cursorOf("not-a-uuid"))", ["cursor"]),
                ("/users/not-a-uuid", ["id"]),
                ("/orders/not-a-uuid", ["id"]),
                ("/events?after=x&limit=1001", ["after", "limit"]),
                ("/streams/nocategory/events", ["stream"]),
                ("/streams/product-A/events?from=0", ["from"]),
            ]
            for (path, fields) in cases {
                let reply = try await api.send(.get, path, token: admin)
                #expect(reply.status == 400, "\(path): \(reply.text)")
                #expect(reply.isProblem, "\(path)")
                #expect(reply.problemFields == fields, "\(path)")
            }
        }
    }

    private func skus(_ reply: APIReply) -> [String] {
        ((reply.object["items"] as? [[String: Any]]) ?? []).compactMap { $0["sku"] as? String }
    }

    private func cursorOf(_ key: String) -> String {
        Data(("c1:" + key).utf8).base64EncodedString().replacingOccurrences(of: "=", with: "")
    }
}
