import Foundation
import HTTPAPI
import HTTPTypes
import NexusTestSupport
import Testing

/// `GET /products` as shops use it: every sort order, keyset pages through each, filters that
/// combine, a ranked text search, and hostile parameters and cursors refused.
@Suite("Catalog lists over HTTP: sorts, filters, search, cursors")
struct QueryCatalogListTests {
    /// sku, name, price, category, stock, description; created in this order (not SKU order),
    /// with equal prices, equal names and names equal but for case.
    static let catalog: [(sku: String, name: String, price: Int, category: String, stock: Int, description: String)] = [
        ("P-05", "Anvil", 500, "tools", 3, "heavy"),
        ("P-01", "bucket", 300, "garden", 0, "holds water"),
        ("P-09", "Anvil", 500, "garden", 2, "a spare"),
        ("P-03", "Chisel", 300, "tools", 5, ""),
        ("P-07", "anvil", 900, "tools", 0, "small"),
        ("P-02", "Garden Hose", 1200, "garden", 4, "a green hose"),
        ("P-08", "Hose Reel", 300, "garden", 1, "winds a hose"),
        ("P-04", "Watering Can", 800, "garden", 6, "fits any hose"),
        ("P-06", "Drill", 1500, "tools", 1, "cordless"),
    ]

    /// Paging through every order takes a few hundred requests: beyond the default rate limit.
    static let unthrottled: @Sendable (inout HTTPServerConfiguration) -> Void = { $0.rateLimitBurst = 10_000 }

    static let sorts = ["sku", "-sku", "price", "-price", "name", "-name", "created", "-created"]

    /// The SKUs in the order `sort` names, ties by SKU in the same direction.
    static func expected(_ sort: String) -> [String] {
        let descending = sort.hasPrefix("-")
        let ordered = catalog.enumerated().sorted { a, b in
            let (x, y) = (a.element, b.element)
            let less: Bool = switch sort.trimmingCharacters(in: ["-"]) {
            case "price": x.price != y.price ? x.price < y.price : x.sku < y.sku
            case "name": x.name.lowercased() != y.name.lowercased() ? x.name.lowercased() < y.name.lowercased() : x.sku < y.sku
            case "created": a.offset < b.offset
            default: x.sku < y.sku
            }
            return less
        }.map(\.element.sku)
        return descending ? ordered.reversed() : ordered
    }

    static func createCatalog(_ api: APIHarness, admin: String) async throws {
        for slug in ["tools", "garden"] {
            #expect(try await api.send(.post, "/categories", json: #"{"slug":"\#(slug)","name":"\#(slug)"}"#, token: admin).status == 201)
        }
        for product in catalog {
            let created = try await api.send(.post, "/products", json: """
                {"sku":"\(product.sku)","name":"\(product.name)","description":"\(product.description)",
                 "price":{"amountMinor":\(product.price),"currency":"EUR"},"categorySlug":"\(product.category)"}
                """, token: admin)
            #expect(created.status == 201, "\(created.text)")
            if product.stock > 0 {
                #expect(try await api.send(.post, "/inventory/\(product.sku)/receipts", json: #"{"quantity":\#(product.stock)}"#, token: admin).status == 200)
            }
            try await Task.sleep(for: .milliseconds(3))  // creation times one millisecond apart at least
        }
        try await api.catchUp()
    }

    @Test func everySortOrdersAndPagesThroughEachProductOnce() async throws {
        try await APIHarness.run("http_catalog_sorts", configure: Self.unthrottled) { api in
            let admin = try await api.token()
            try await Self.createCatalog(api, admin: admin)
            for sort in Self.sorts {
                let all = try await api.send(.get, "/products?sort=\(sort)&limit=100", token: admin)
                #expect(all.status == 200, "\(sort): \(all.text)")
                #expect(Self.skus(all) == Self.expected(sort), "sort=\(sort)")
                for limit in [1, 2, 4] {
                    let paged = try await Self.pages(api, "/products?sort=\(sort)&limit=\(limit)", token: admin)
                    #expect(paged == Self.expected(sort), "sort=\(sort) in pages of \(limit)")
                }
            }
            let first = try #require((try await api.send(.get, "/products?sort=-created&limit=1", token: admin).object["items"] as? [[String: Any]])?.first)
            #expect(first["sku"] as? String == "P-06")
            #expect(first["createdAt"] is String, "products carry their creation time")
        }
    }

    @Test func filtersCombineAndSearchRanksBetterMatchesFirst() async throws {
        try await APIHarness.run("http_catalog_filters", configure: Self.unthrottled) { api in
            let admin = try await api.token()
            try await Self.createCatalog(api, admin: admin)
            #expect(try await api.send(.post, "/products/P-04/discontinue", token: admin).status == 200)
            try await api.catchUp()
            let customer = try await api.customer("shopper")
            let cases: [(String, [String])] = [
                ("category=garden&minPrice=300&maxPrice=1200&inStock=true&sort=price", ["P-08", "P-09", "P-04", "P-02"]),
                ("category=garden&inStock=false", ["P-01"]),
                ("minPrice=500&maxPrice=500", ["P-05", "P-09"]),
                ("minPrice=900&sort=-price", ["P-06", "P-02", "P-07"]),
                ("maxPrice=300&sort=-name", ["P-08", "P-03", "P-01"]),
                ("q=hose&category=garden&status=active&sort=price", ["P-08", "P-02"]),
                ("q=anvil&inStock=true&sort=name", ["P-05", "P-09"]),
                ("q=nothing-like-this", []),
                ("q=%25", []),
                ("minPrice=0&maxPrice=1000000000&limit=100", Self.expected("sku")),
            ]
            for (query, skus) in cases {
                let reply = try await api.send(.get, "/products?\(query)", token: customer.token)
                #expect(reply.status == 200, "\(query): \(reply.text)")
                #expect(Self.skus(reply) == skus, "\(query)")
            }
            // Relevance (the default with q): names (weight A) before descriptions (weight B).
            let ranked = Self.skus(try await api.send(.get, "/products?q=hose", token: customer.token))
            #expect(Set(ranked) == ["P-02", "P-08", "P-04"])
            #expect(ranked.last == "P-04", "a match in the description only ranks below matches in the name: \(ranked)")
            #expect(try await Self.pages(api, "/products?q=hose&limit=1", token: customer.token) == ranked)
            #expect(try await Self.pages(api, "/products?q=hoses&sort=relevance&limit=2", token: customer.token) == ranked, "stemmed")
        }
    }

    @Test func hostileParametersAndCursorsAre400AndChangeNothing() async throws {
        try await APIHarness.run("http_catalog_hostile", configure: Self.unthrottled) { api in
            let admin = try await api.token()
            try await Self.createCatalog(api, admin: admin)
            let events = try await api.log().count
            let byPrice = try #require(try await api.send(.get, "/products?sort=price&limit=2", token: admin).string("nextCursor"))
            let inGarden = try #require(try await api.send(.get, "/products?category=garden&limit=1", token: admin).string("nextCursor"))
            let byRank = try #require(try await api.send(.get, "/products?q=hose&limit=1", token: admin).string("nextCursor"))
            #expect(!byPrice.contains("P-0") && !byPrice.contains("300"), "the cursor is opaque")

            var cases: [(String, Set<String>)] = [
                ("sort=bogus", ["sort"]), ("sort=relevance", ["sort"]), ("sort=PRICE", ["sort"]), ("sort=", ["sort"]),
                ("minPrice=-1", ["minPrice"]), ("maxPrice=1000000001", ["maxPrice"]),
                ("minPrice=-9223372036854775808", ["minPrice"]), ("maxPrice=9223372036854775807", ["maxPrice"]),
                ("minPrice=9223372036854775808", ["minPrice"]), ("maxPrice=1e3", ["maxPrice"]), ("minPrice=%2B5&maxPrice=0x10", ["maxPrice"]),
                ("minPrice=500&maxPrice=400", ["minPrice"]), ("inStock=yes", ["inStock"]), ("inStock=", ["inStock"]),
                ("q=", ["q"]), ("q=\(String(repeating: "a", count: 101))", ["q"]),
                ("sort=name&cursor=\(byPrice)", ["cursor"]), ("cursor=\(byPrice)", ["cursor"]),
                ("category=tools&cursor=\(inGarden)", ["cursor"]), ("cursor=\(inGarden)", ["cursor"]),
                ("q=anvil&cursor=\(byRank)", ["cursor"]),
                ("cursor=\(String(repeating: "A", count: 5_000))", ["cursor"]),
                ("cursor=\(Self.base64URL(Data([0xFF, 0xFE, 0x7B, 0x22])))", ["cursor"]),
                ("cursor=%E2%82", ["cursor"]), ("cursor=a%00b", ["cursor"]),
            ]
            for (field, value) in [("n", Int64.min as Any), ("n", -1), ("n", 1_000_000_001), ("n", "500"), ("t", "anvil"),
                                   ("i", "P-0\u{0}1"), ("i", String(repeating: "P", count: 65)), ("i", ""), ("s", "sku"),
                                   ("f", "AAAAAAAAAAAAAAAA"), ("n", 1e30), ("r", 0)] {
                cases.append(("sort=price&cursor=\(try Self.forged(byPrice, field, value))", ["cursor"]))
            }
            for bits in [Float.nan.bitPattern, Float.infinity.bitPattern, (-1 as Float).bitPattern] {
                cases.append(("q=hose&cursor=\(try Self.forged(byRank, "r", bits))", ["cursor"]))
            }
            cases.append(("q=hose&cursor=\(try Self.forged(byRank, "r", "NaN"))", ["cursor"]))
            for (query, fields) in cases {
                let reply = try await api.send(.get, "/products?\(query)", token: admin)
                #expect(reply.status == 400 && reply.isProblem, "\(query.prefix(120)): \(reply.text)")
                #expect(reply.problemFields == fields, "\(query.prefix(120)): \(reply.text)")
            }
            let mismatch = try await api.send(.get, "/products?sort=name&cursor=\(byPrice)", token: admin)
            #expect(mismatch.text.contains("cursor_mismatch"), "\(mismatch.text)")
            #expect(try await api.log().count == events, "refused queries append nothing")
            let still = try await api.send(.get, "/products?sort=price&limit=2&cursor=\(byPrice)", token: admin)
            #expect(Self.skus(still) == Array(Self.expected("price").dropFirst(2).prefix(2)), "the real cursor still works")
        }
    }

    static func skus(_ reply: APIReply) -> [String] {
        ((reply.object["items"] as? [[String: Any]]) ?? []).compactMap { $0["sku"] as? String }
    }

    /// Every SKU of a list, following `nextCursor` from `path` to the last page.
    static func pages(_ api: APIHarness, _ path: String, token: String) async throws -> [String] {
        var skus: [String] = []
        var cursor: String?
        for _ in 0..<100 {
            let reply = try await api.send(.get, path + (cursor.map { "&cursor=\($0)" } ?? ""), token: token)
            #expect(reply.status == 200, "\(path): \(reply.text)")
            skus += Self.skus(reply)
            cursor = reply.string("nextCursor")
            if cursor == nil { break }
        }
        return skus
    }

    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func text(of cursor: String) -> String {
        var base64 = cursor.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        return String(decoding: Data(base64Encoded: base64) ?? Data(), as: UTF8.self)
    }

    /// `cursor` with `field` set to `value`, re-encoded.
    static func forged(_ cursor: String, _ field: String, _ value: Any) throws -> String {
        var object = try #require(try JSONSerialization.jsonObject(with: Data(text(of: cursor).utf8)) as? [String: Any])
        object[field] = value
        return base64URL(try JSONSerialization.data(withJSONObject: object))
    }
}
