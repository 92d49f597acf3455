import Foundation
import HTTPAPI
import HTTPTypes
import Testing

@Suite("OpenAPI document")
struct OpenAPITests {
    @Test func everyRouteIsDocumentedAndEveryDocumentedRouteIsServed() async throws {
        try await APIHarness.run("http_openapi") { api in
            let reply = try await api.send(.get, "/openapi.json")
            #expect(reply.status == 200)
            #expect(reply.string("openapi") == "3.1.0")
            let paths = try #require(reply.object["paths"] as? [String: [String: Any]])
            let documented = Set(paths.flatMap { path, operations in operations.keys.map { "\($0.uppercased()) \(path)" } })
            #expect(documented == Set(api.api.registeredRoutes))
            #expect(documented.count == api.api.registeredRoutes.count)
            for route in documented {
                let parts = route.split(separator: " ", maxSplits: 1).map(String.init)
                let path = parts[1].replacingOccurrences(of: "{id}", with: UUID().uuidString)
                    .replacingOccurrences(of: "{sku}", with: "SKU-1").replacingOccurrences(of: "{slug}", with: "slug")
                let served = try await api.send(.init(rawValue: parts[0])!, path)
                #expect(served.problemType != "/problems/no-route", "\(route) is documented but not served")
                #expect(served.status != 500, "\(route)")
            }
            #expect(try await api.send(.get, "/health").string("status") == "ok")
        }
    }
}

/// The document's facts, probed against the server: a limit changed on one side only fails here.
@Suite("OpenAPI document against the server")
struct OpenAPIDriftTests {
    @Test func everyOperationListsItsStatusesAndEveryBodyItsLimits() async throws {
        try await APIHarness.run("http_openapi_facts", modules: [OpsEndpointTests.operations]) { api in
            let document = try await api.send(.get, "/openapi.json").object
            let paths = try #require(document["paths"] as? [String: [String: [String: Any]]])
            for (path, operations) in paths {
                for (method, operation) in operations {
                    let statuses = Set((operation["responses"] as? [String: Any] ?? [:]).keys)
                    #expect(statuses.isSuperset(of: ["401", "429"]), "\(method) \(path): \(statuses.sorted())")
                    guard let body = Self.bodySchema(operation) else { continue }
                    #expect(statuses.isSuperset(of: ["400", "413", "415", "422"]), "\(method) \(path)")
                    for problem in Self.unboundedFields(body, path: "") {
                        Issue.record("\(method) \(path): \(problem)")
                    }
                }
                if (operations["post"]?["parameters"] as? [[String: Any]])?.contains(where: { $0["name"] as? String == "If-Match" }) == true {
                    let statuses = Set((operations["post"]?["responses"] as? [String: Any] ?? [:]).keys)
                    #expect(statuses.isSuperset(of: ["422", "503"]), "POST \(path) refuses a malformed If-Match with 422")
                }
            }
            // Anonymous callers may register (customers): the token is optional there.
            let registration = paths["/users"]?["post"]?["security"] as? [[String: Any]]
            #expect(registration?.contains { $0.isEmpty } == true, "\(registration ?? [])")
            #expect((paths["/products"]?["post"]?["security"] as? [[String: Any]])?.contains { $0.isEmpty } == false)
            let events = try #require(Self.successSchema(paths["/events"]?["get"]))
            #expect(Self.at(events, "properties", "events", "items", "properties", "data") as? [String: Any] != nil)
            #expect((Self.at(events, "properties", "events", "items", "properties", "data") as? [String: Any])?.isEmpty == true,
                    "event data is any JSON value")
            let order = try #require(Self.successSchema(paths["/orders/{id}"]?["get"]))
            #expect((Self.at(order, "properties", "lines", "items") as? [String: Any])?.isEmpty == true)
            let metricsContent = Self.at(paths["/metrics"]?["get"] as Any, "responses", "200", "content") as? [String: Any]
            let metrics = try await api.send(.get, "/metrics")
            #expect(metricsContent?.keys.first == metrics.headers[.contentType], "\(metricsContent ?? [:])")
        }
    }

    /// URL text is checked before routing on every path: each operation documents that 400.
    @Test func everyOperationDocumentsItsAnswerToInvalidURLText() async throws {
        try await APIHarness.run("http_openapi_url_text", modules: [OpsEndpointTests.operations]) { api in
            let admin = try await api.token()
            let paths = try #require(try await api.send(.get, "/openapi.json").object["paths"] as? [String: [String: [String: Any]]])
            for (path, operations) in paths {
                let target = path.split(separator: "/").map { $0.hasPrefix("{") ? "%C2%A3%15" : $0 }.joined(separator: "/")
                for (method, operation) in operations {
                    let statuses = Set((operation["responses"] as? [String: Any] ?? [:]).keys)
                    let reply = try await api.send(.init(rawValue: method.uppercased())!, "/\(target)?x=%00", token: admin)
                    #expect(reply.status == 400 && reply.problemType == "/problems/invalid-text", "\(method) \(path): \(reply.text)")
                    #expect(statuses.contains(String(reply.status)), "\(method) \(path) answers \(reply.status), documents \(statuses.sorted())")
                }
            }
        }
    }

    /// The URL parameters a route accepts are the ones its operation documents: any other is
    /// refused (400, naming it) on every route, before the route runs.
    @Test func everyOperationRefusesUndocumentedParameters() async throws {
        try await APIHarness.run("http_openapi_unknown_parameters", modules: [OpsEndpointTests.operations]) { api in
            let admin = try await api.token()
            let paths = try #require(try await api.send(.get, "/openapi.json").object["paths"] as? [String: [String: [String: Any]]])
            let longName = String(repeating: "n", count: 5_000)
            for (path, operations) in paths {
                let target = path.split(separator: "/").map { $0.hasPrefix("{") ? "X" : $0 }.joined(separator: "/")
                for (method, operation) in operations {
                    let documented = (operation["parameters"] as? [[String: Any]] ?? []).filter { $0["in"] as? String == "query" }
                    let names = Set(documented.compactMap { $0["name"] as? String })
                    let unknown = ["sortBy", "LIMIT", "limit_"].filter { !names.contains($0) }
                    let query = (unknown + [longName]).map { "\($0)=1" }.joined(separator: "&")
                    let reply = try await api.send(.init(rawValue: method.uppercased())!, "/\(target)?\(query)", token: admin)
                    #expect(reply.status == 400 && reply.problemType == "/problems/invalid-query", "\(method) \(path): \(reply.text)")
                    #expect(reply.problemFields == Set(unknown + [String(longName.prefix(64))]), "\(method) \(path): \(reply.text)")
                }
            }
            let before = try await api.log().count
            #expect(try await api.send(.post, "/categories?dryRun=true", json: #"{"slug":"never","name":"Never"}"#, token: admin).status == 400)
            #expect(try await api.log().count == before, "a refused command appends nothing")
        }
    }

    @Test func documentedLimitsAreTheServersLimits() async throws {
        try await APIHarness.run("http_openapi_limits") { api in
            let admin = try await api.token()
            let paths = try #require(try await api.send(.get, "/openapi.json").object["paths"] as? [String: [String: [String: Any]]])
            func parameter(_ path: String, _ method: String, _ name: String) throws -> [String: Any] {
                let parameters = paths[path]?[method]?["parameters"] as? [[String: Any]] ?? []
                return try #require(parameters.first { $0["name"] as? String == name }?["schema"] as? [String: Any], "\(method) \(path) \(name)")
            }

            // Idempotency-Key: the longest documented key is accepted, one more character is not.
            let keyLength = try #require(try parameter("/products/{sku}/discontinue", "post", "Idempotency-Key")["maxLength"] as? Int)
            for (length, refused) in [(keyLength, false), (keyLength + 1, true)] {
                let reply = try await api.send(.post, "/products/NOPE-1/discontinue", token: admin,
                                               headers: [HTTPField.Name("Idempotency-Key")!: String(repeating: "k", count: length)])
                #expect(reply.problemFields.contains("Idempotency-Key") == refused, "key of \(length): \(reply.text)")
            }
            // If-Match: the server accepts exactly what the pattern matches.
            let pattern = try #require(try parameter("/products/{sku}/discontinue", "post", "If-Match")["pattern"] as? String)
            let regex = try NSRegularExpression(pattern: pattern)
            for value in [#""3""#, #"W/"3""#, "3", #" "12" "#, "three", #""-1""#, #""3"x"#, "", #""99999999999999999999""#] {
                let matches = regex.firstMatch(in: value, range: NSRange(value.startIndex..., in: value)) != nil
                let reply = try await api.send(.post, "/products/NOPE-1/discontinue", token: admin, headers: [.ifMatch: value])
                #expect(reply.problemFields.contains("If-Match") == !matches, "If-Match \(value): \(reply.text)")
            }
            // Page sizes and positions.
            for (path, query) in [("/products", ""), ("/users", ""), ("/stock", "below=1&"), ("/events", "")] {
                let limit = try parameter(path, "get", "limit")
                let minimum = try #require(limit["minimum"] as? Int), maximum = try #require(limit["maximum"] as? Int)
                #expect(try await api.send(.get, "\(path)?\(query)limit=\(maximum)", token: admin).status == 200, "\(path)")
                #expect(try await api.send(.get, "\(path)?\(query)limit=\(maximum + 1)", token: admin).status == 400, "\(path)")
                #expect(try await api.send(.get, "\(path)?\(query)limit=\(minimum - 1)", token: admin).status == 400, "\(path)")
            }
            let minPosition = try #require(try parameter("/products", "get", "minPosition")["minimum"] as? Int)
            #expect(try await api.send(.get, "/products?minPosition=\(minPosition - 1)", token: admin).status == 400)
            let q = try #require(try parameter("/products", "get", "q")["maxLength"] as? Int)
            #expect(try await api.send(.get, "/products?q=\(String(repeating: "q", count: q))", token: admin).status == 200)
            #expect(try await api.send(.get, "/products?q=\(String(repeating: "q", count: q + 1))", token: admin).status == 400)

            // Request bodies: the longest name and slug pass, one more character does not.
            let category = try #require(Self.bodySchema(paths["/categories"]?["post"]))
            let nameLength = try #require(Self.at(category, "properties", "name", "maxLength") as? Int)
            let slugLength = try #require(Self.at(category, "properties", "slug", "maxLength") as? Int)
            let slug = String(repeating: "s", count: slugLength)
            #expect(try await api.send(.post, "/categories", json: #"{"slug":"\#(slug)","name":"\#(String(repeating: "é", count: nameLength))"}"#,
                                       token: admin).status == 201)
            // An optional field sent as null is the field left out: the document says so.
            #expect((Self.at(category, "properties", "parentSlug", "type") as? [String]) == ["string", "null"])
            #expect(try await api.send(.post, "/categories", json: #"{"slug":"nulls","name":"N","parentSlug":null}"#, token: admin).status == 201)
            let tooLong = try await api.send(.post, "/categories", json: #"{"slug":"\#(slug)x","name":"\#(String(repeating: "n", count: nameLength + 1))"}"#, token: admin)
            #expect(tooLong.problemFields == ["slug", "name"], "\(tooLong.text)")
            // Webhook URLs: the longest documented URL is registered, one more character is refused.
            let webhook = try #require(Self.bodySchema(paths["/webhooks"]?["post"]))
            let urlLength = try #require(Self.at(webhook, "properties", "url", "maxLength") as? Int)
            let prefix = "https://hooks.example.com/"
            for (length, status) in [(urlLength, 201), (urlLength + 1, 422)] {
                let url = prefix + String(repeating: "u", count: length - prefix.count)
                let reply = try await api.send(.post, "/webhooks", json: #"{"url":"\#(url)","eventTypes":["OrderPlaced"]}"#, token: admin)
                #expect(reply.status == status, "URL of \(length): \(reply.text)")
            }
            let receipt = try #require(Self.bodySchema(paths["/inventory/{sku}/receipts"]?["post"]))
            let quantity = try #require(Self.at(receipt, "properties", "quantity", "maximum") as? Int)
            try await api.product("LIMIT-1", stock: 0, admin: admin)
            #expect(try await api.send(.post, "/inventory/LIMIT-1/receipts", json: #"{"quantity":\#(quantity)}"#, token: admin).status == 200)
            #expect(try await api.send(.post, "/inventory/LIMIT-1/receipts", json: #"{"quantity":\#(quantity + 1)}"#, token: admin)
                .problemFields == ["quantity"])
        }
    }

    static func bodySchema(_ operation: [String: Any]?) -> [String: Any]? {
        at(operation as Any, "requestBody", "content", "application/json", "schema") as? [String: Any]
    }

    static func successSchema(_ operation: [String: Any]?) -> [String: Any]? {
        at(operation as Any, "responses", "200", "content", "application/json", "schema") as? [String: Any]
    }

    static func at(_ value: Any, _ keys: String...) -> Any? {
        keys.reduce(value as Any?) { ($0 as? [String: Any])?[$1] }
    }

    /// Objects that accept unknown fields, strings without a length limit (or a fixed set of
    /// values) and integers without a minimum, anywhere in `schema`.
    static func unboundedFields(_ schema: [String: Any], path: String) -> [String] {
        if let types = schema["type"] as? [String] {  // optional: [type, "null"]
            var present = schema
            present["type"] = types.first { $0 != "null" }
            return unboundedFields(present, path: path)
        }
        switch schema["type"] as? String {
        case "object":
            var problems = schema["additionalProperties"] as? Bool == false ? [] : ["\(path.isEmpty ? "body" : path) accepts unknown fields"]
            for (key, value) in schema["properties"] as? [String: [String: Any]] ?? [:] {
                problems += unboundedFields(value, path: path.isEmpty ? key : "\(path).\(key)")
            }
            return problems
        case "array":
            let items = (schema["items"] as? [String: Any]).map { unboundedFields($0, path: "\(path)[]") } ?? []
            return (schema["maxItems"] == nil ? ["\(path) has no maxItems"] : []) + items
        case "string":
            return schema["maxLength"] == nil && schema["enum"] == nil && schema["format"] == nil ? ["\(path) has no maxLength"] : []
        case "integer":
            return schema["minimum"] == nil ? ["\(path) has no minimum"] : []
        default:
            return []
        }
    }
}
