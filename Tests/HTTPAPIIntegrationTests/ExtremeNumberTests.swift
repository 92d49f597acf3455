import Foundation
import HTTPTypes
import Testing

/// Every client number can be `Int64.min`: each is refused with a problem naming the field (or
/// served, when in range), nothing traps, nothing is appended, and the process keeps answering.
@Suite("Extreme numbers over HTTP")
struct ExtremeNumberTests {
    static let min = "-9223372036854775808"
    static let max = "9223372036854775807"
    static let beyond = "9223372036854775808"

    @Test func extremeValuesAreRefusedWith4xxAndTheProcessStaysUp() async throws {
        try await APIHarness.run("http_extreme_numbers") { api in
            let admin = try await api.token()
            try await api.product("EXT-1", stock: 5, admin: admin)
            let customer = try await api.customer("max")
            let placed = try await api.send(.post, "/orders", json: #"{"lines":[{"sku":"EXT-1","quantity":1}]}"#, token: customer.token)
            let order = try #require(placed.string("id"), "\(placed.text)")
            let before = try await api.log().count

            let cases: [(method: HTTPRequest.Method, path: String, json: String?, headers: HTTPFields, status: Int, fields: Set<String>)] = [
                (.post, "/inventory/EXT-1/adjustments", #"{"delta":\#(Self.min),"reason":"damaged"}"#, [:], 422, ["delta"]),
                (.post, "/inventory/EXT-1/adjustments", #"{"delta":\#(Self.max),"reason":"found"}"#, [:], 422, ["delta"]),
                (.post, "/inventory/EXT-1/adjustments", #"{"delta":-\#(Self.beyond)1,"reason":"found"}"#, [:], 422, ["delta"]),
                (.post, "/inventory/EXT-1/receipts", #"{"quantity":\#(Self.min)}"#, [:], 422, ["quantity"]),
                (.post, "/inventory/EXT-1/receipts", #"{"quantity":\#(Self.beyond)}"#, [:], 422, ["quantity"]),
                (.post, "/orders", #"{"lines":[{"sku":"EXT-1","quantity":\#(Self.min)}]}"#, [:], 422, ["lines[0].quantity"]),
                (.post, "/orders", #"{"lines":[{"sku":"EXT-1","quantity":\#(Self.max)}]}"#, [:], 422, ["lines[0].quantity"]),
                (.post, "/products", product(amount: Self.min), [:], 422, ["price.amountMinor"]),
                (.patch, "/products/EXT-1", #"{"price":{"amountMinor":\#(Self.max),"currency":"EUR"}}"#, [:], 422, ["price.amountMinor"]),
                (.post, "/orders/\(order)/pay", #"{"amount":{"amountMinor":\#(Self.min),"currency":"EUR"}}"#, [:], 422, ["amount"]),
                (.patch, "/products/EXT-1", #"{"name":"X"}"#, [.ifMatch: "\"\(Self.min)\""], 422, ["If-Match"]),
                (.patch, "/products/EXT-1", #"{"name":"X"}"#, [.ifMatch: "\"\(Self.beyond)\""], 422, ["If-Match"]),
                (.patch, "/products/EXT-1", #"{"name":"X"}"#, [.ifMatch: "\"\(Self.max)\""], 412, []),
                (.get, "/products?limit=\(Self.min)", nil, [:], 400, ["limit"]),
                (.get, "/products?limit=\(Self.beyond)", nil, [:], 400, ["limit"]),
                (.get, "/events?after=\(Self.min)", nil, [:], 400, ["after"]),
                (.get, "/streams/product-EXT-1/events?from=\(Self.min)", nil, [:], 400, ["from"]),
            ]
            for item in cases {
                let reply = try await api.send(item.method, item.path, json: item.json, token: admin, headers: item.headers)
                #expect(reply.status == item.status, "\(item.method) \(item.path) \(item.json ?? ""): \(reply.text)")
                #expect(reply.isProblem, "\(item.path): \(reply.headers)")
                #expect(reply.problemFields == item.fields, "\(item.path) \(item.json ?? ""): \(reply.text)")
            }
            let served: [String] = [
                "/stock?below=\(Self.min)", "/stock?below=\(Self.max)", "/events?after=\(Self.max)",
                "/streams/product-EXT-1/events?from=\(Self.max)",
            ]
            for path in served {
                let reply = try await api.send(.get, path, token: admin)
                #expect(reply.status == 200, "\(path): \(reply.text)")
            }
            #expect(try await api.log().count == before, "a refused request appended events")
            #expect(try await api.send(.get, "/health").status == 200)
        }
    }

    func product(amount: String) -> String {
        """
        {"sku":"EXT-2","name":"Extreme","description":"","price":{"amountMinor":\(amount),"currency":"EUR"},"categorySlug":"tools"}
        """
    }
}
