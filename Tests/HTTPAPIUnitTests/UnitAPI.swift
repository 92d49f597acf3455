import EventStore
import Foundation
import HTTPAPI
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NexusUnitSupport
import Privacy

/// The command API over an ``InMemoryEventStore`` and in-memory personal-data services, reached
/// through Hummingbird's router test client: no server, no database, no socket.
struct UnitAPI: Sendable {
    static let secret = "unit-test-secret-0123456789abcdef0123"
    static let adminEmail = "admin@nexus.test"
    static let adminPassword = "admin-password-1"

    let client: any TestClientProtocol
    /// The store commands append to (before personal data is sealed).
    let store: InMemoryEventStore

    /// Runs `body` against a fresh API whose bootstrap admin exists; `store` lets a test put a
    /// failing store in front of the in-memory one.
    static func run(
        configure: @Sendable (inout HTTPServerConfiguration) -> Void = { _ in },
        store wrap: @Sendable (InMemoryEventStore) -> any EventStore = { $0 },
        _ body: @Sendable (UnitAPI) async throws -> Void
    ) async throws {
        var configuration = HTTPServerConfiguration(jwtSecret: secret)
        configuration.bcryptCost = 4
        configuration.bootstrapAdmin = .init(email: adminEmail, password: adminPassword)
        configure(&configuration)
        var logger = Logger(label: "nexus.http.unit")
        logger.logLevel = .critical
        let store = InMemoryEventStore()
        let api = try await NexusAPI.build(configuration: configuration, store: wrap(store), privacy: PrivacyServices.inMemory(), logger: logger)
        try await api.application.test(.router) { client in
            try await body(UnitAPI(client: client, store: store))
        }
    }

    /// Sends a request; `json` is sent as `application/json` unless `headers` says otherwise.
    @discardableResult
    func send(
        _ method: HTTPRequest.Method, _ path: String, json: String? = nil, token: String? = nil, headers: HTTPFields = [:]
    ) async throws -> UnitReply {
        var fields = headers
        if json != nil, fields[.contentType] == nil { fields[.contentType] = "application/json" }
        if let token { fields[.authorization] = "Bearer \(token)" }
        let response = try await client.executeRequest(uri: path, method: method, headers: fields, body: json.map { ByteBuffer(string: $0) })
        return UnitReply(status: response.status.code, headers: response.headers, body: Data(response.body.readableBytesView))
    }

    /// A bearer token for `email`.
    func token(_ email: String = adminEmail, password: String = adminPassword) async throws -> String {
        let reply = try await send(.post, "/auth/token", json: #"{"email":"\#(email)","password":"\#(password)"}"#)
        guard reply.status == 200, let token = reply.string("accessToken") else { throw UnitAPIError("sign-in failed: \(reply.text)") }
        return token
    }

    /// Registers a customer and returns their id, token and email.
    func customer(_ name: String) async throws -> (id: String, token: String, email: String) {
        let email = "\(name)@example.com"
        let reply = try await send(.post, "/users", json: #"{"email":"\#(email)","password":"password-\#(name)","name":"\#(name)"}"#)
        guard reply.status == 201, let id = reply.string("id") else { throw UnitAPIError("registration failed: \(reply.text)") }
        return (id, try await token(email, password: "password-\(name)"), email)
    }

    /// Creates category `tools` (if needed) and product `sku`, and receives `stock` units.
    func product(_ sku: String, stock: Int, admin: String) async throws {
        let category = try await send(.post, "/categories", json: #"{"slug":"tools","name":"Tools"}"#, token: admin)
        guard category.status == 201 || category.status == 409 else { throw UnitAPIError("category: \(category.text)") }
        let product = try await send(.post, "/products", json: Self.product(sku), token: admin)
        guard product.status == 201 else { throw UnitAPIError("product: \(product.text)") }
        if stock > 0 {
            let receipt = try await send(.post, "/inventory/\(sku)/receipts", json: #"{"quantity":\#(stock)}"#, token: admin)
            guard receipt.status == 200 else { throw UnitAPIError("receipt: \(receipt.text)") }
        }
    }

    /// The body of `POST /products` for `sku`.
    static func product(_ sku: String, category: String = "tools") -> String {
        #"{"sku":"\#(sku)","name":"Product \#(sku)","description":"","price":{"amountMinor":1000,"currency":"EUR"},"categorySlug":"\#(category)"}"#
    }

    /// How many events the store holds.
    func eventCount() async throws -> Int {
        try await store.readAll(after: 0, limit: 1_000_000).count
    }
}

/// One HTTP response.
struct UnitReply: Sendable {
    var status: Int
    var headers: HTTPFields
    var body: Data

    var text: String { String(decoding: body, as: UTF8.self) }
    var object: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
    func string(_ key: String) -> String? { object[key] as? String }
    /// The `field` of every problem detail.
    var problemFields: Set<String> { Set(((object["errors"] as? [[String: Any]]) ?? []).compactMap { $0["field"] as? String }) }
    var problemType: String? { string("type") }
    var isProblem: Bool { headers[.contentType] == "application/problem+json" }
}

struct UnitAPIError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
