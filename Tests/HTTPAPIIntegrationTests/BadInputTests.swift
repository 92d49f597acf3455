import Foundation
import HTTPTypes
import Testing

/// Every class of bad input gets problem+json with its status, never a 500, and appends nothing.
@Suite("Bad input over HTTP")
struct BadInputTests {
    @Test func everyErrorClassIsAProblemAndAppendsNothing() async throws {
        try await APIHarness.run("http_bad_input", configure: { $0.maxBodyBytes = 2048 }) { api in
            let admin = try await api.token()
            let customer = try await api.customer("carol")
            try await api.product("BAD-1", stock: 5, admin: admin)
            let before = try await api.log().count

            let cases: [(name: String, method: HTTPRequest.Method, path: String, json: String?, token: String?,
                         headers: HTTPFields, status: Int, fields: Set<String>)] = [
                ("malformed JSON", .post, "/products", #"{"sku": "X""#, admin, [:], 400, []),
                ("wrong type", .post, "/inventory/BAD-1/receipts", #"{"quantity":"five"}"#, admin, [:], 422, ["quantity"]),
                ("fractional quantity", .post, "/inventory/BAD-1/receipts", #"{"quantity":1.5}"#, admin, [:], 422, ["quantity"]),
                ("unknown field", .post, "/inventory/BAD-1/receipts", #"{"quantity":1,"warehouse":"B"}"#, admin, [:], 422, ["warehouse"]),
                ("unknown nested field", .post, "/orders", #"{"lines":[{"sku":"BAD-1","quantity":1,"discount":5}]}"#,
                 customer.token, [:], 422, ["lines[0].discount"]),
                ("missing field", .post, "/categories", #"{"slug":"x"}"#, admin, [:], 422, ["name"]),
                ("zero quantity", .post, "/inventory/BAD-1/receipts", #"{"quantity":0}"#, admin, [:], 422, ["quantity"]),
                ("negative order quantity", .post, "/orders", #"{"lines":[{"sku":"BAD-1","quantity":-2}]}"#,
                 customer.token, [:], 422, ["lines[0].quantity"]),
                ("absurd price", .post, "/products", product(price: 99_999_999_999, currency: "EUR"), admin, [:], 422,
                 ["price.amountMinor"]),
                ("bad currency", .post, "/products", product(price: 100, currency: "EURO"), admin, [:], 422, ["price.currency"]),
                ("over-long name", .post, "/categories", #"{"slug":"long","name":"\#(String(repeating: "n", count: 201))"}"#,
                 admin, [:], 422, ["name"]),
                ("unknown SKU in an order", .post, "/orders", #"{"lines":[{"sku":"NOPE-1","quantity":1}]}"#,
                 customer.token, [:], 422, ["lines[0].sku"]),
                ("unknown SKU in the path", .post, "/inventory/NOPE-1/receipts", #"{"quantity":1}"#, admin, [:], 404, []),
                ("oversized body", .post, "/categories", #"{"slug":"big","name":"\#(String(repeating: "b", count: 4096))"}"#,
                 admin, [:], 413, []),
                ("wrong content type", .post, "/categories", #"{"slug":"t","name":"T"}"#, admin,
                 [.contentType: "text/plain"], 415, []),
                ("missing token", .post, "/categories", #"{"slug":"t","name":"T"}"#, nil, [:], 401, []),
                ("garbage token", .post, "/categories", #"{"slug":"t","name":"T"}"#, "not.a.jwt", [:], 401, []),
                ("customer on an admin route", .post, "/categories", #"{"slug":"t","name":"T"}"#, customer.token, [:], 403, []),
                ("duplicate SKU", .post, "/products", product(price: 100, currency: "EUR"), admin, [:], 409, ["sku"]),
                ("insufficient stock", .post, "/orders", #"{"lines":[{"sku":"BAD-1","quantity":6}]}"#, customer.token, [:],
                 409, ["lines[0].quantity"]),
                ("bad If-Match", .patch, "/products/BAD-1", #"{"name":"Y"}"#, admin, [.ifMatch: "yesterday"], 422, ["If-Match"]),
                ("no such route", .get, "/nowhere", nil, nil, [:], 404, []),
            ]
            for item in cases {
                let reply = try await api.send(item.method, item.path, json: item.json, token: item.token, headers: item.headers)
                #expect(reply.status == item.status, "\(item.name): \(reply.text)")
                #expect(reply.isProblem, "\(item.name) is not problem+json: \(reply.headers)")
                #expect(reply.int("status") == item.status, "\(item.name)")
                #expect(reply.problemFields == item.fields, "\(item.name): \(reply.text)")
            }
            #expect(try await api.log().count == before, "a rejected request appended events")
        }
    }

    func product(price: Int, currency: String) -> String {
        """
        {"sku":"BAD-1","name":"Hammer","description":"","price":{"amountMinor":\(price),"currency":"\(currency)"},"categorySlug":"tools"}
        """
    }

    @Test func aClientOverItsRateGets429WithRetryAfter() async throws {
        try await APIHarness.run("http_rate_limit", configure: { $0.rateLimitBurst = 3; $0.rateLimitPerSecond = 0.001 }) { api in
            var statuses: [Int] = []
            for _ in 0..<4 { statuses.append(try await api.send(.get, "/health").status) }
            #expect(statuses == [200, 200, 200, 429])
            let limited = try await api.send(.get, "/health")
            #expect(limited.isProblem)
            #expect(limited.headers[.retryAfter] != nil)
        }
    }
}
