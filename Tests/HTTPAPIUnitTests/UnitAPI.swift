import EventStore
import Foundation
import HTTPAPI
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NexusTestSupport
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

    /// Sends a request (see `TestClientProtocol.send`).
    @discardableResult
    func send(
        _ method: HTTPRequest.Method, _ path: String, json: String? = nil, token: String? = nil, headers: HTTPFields = [:]
    ) async throws -> APIReply {
        try await client.send(method, path, json: json, token: token, headers: headers)
    }

    /// A bearer token for `email`.
    func token(_ email: String = adminEmail, password: String = adminPassword) async throws -> String {
        try await client.token(email, password: password)
    }

    /// Registers a customer and returns their id, token and email.
    func customer(_ name: String) async throws -> (id: String, token: String, email: String) {
        let email = "\(name)@example.com"
        let reply = try await send(.post, "/users", json: #"{"email":"\#(email)","password":"password-\#(name)","name":"\#(name)"}"#)
        guard reply.status == 201, let id = reply.string("id") else { throw APIRequestError("registration failed: \(reply.text)") }
        return (id, try await token(email, password: "password-\(name)"), email)
    }

    /// Creates category `tools` (if needed) and product `sku`, and receives `stock` units.
    func product(_ sku: String, stock: Int, admin: String) async throws {
        try await client.createProduct(sku, stock: stock, admin: admin)
    }

    /// How many events the store holds.
    func eventCount() async throws -> Int {
        try await store.readAll(after: 0, limit: 1_000_000).count
    }
}
