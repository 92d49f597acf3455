import EventStore
import EventStorePostgres
import Foundation
import HTTPAPI
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Jobs
import Logging
import NIOCore
import NexusTestSupport
import Testing
import PostgresNIO
import Privacy
import Projections
import Webhooks

/// A running command API on a private migrated database, reached over real HTTP (AsyncHTTPClient).
struct APIHarness: Sendable {
    static let secret = "integration-test-secret-0123456789abcdef"
    static let adminEmail = "admin@nexus.test"
    static let adminPassword = "admin-password-1"

    let client: any TestClientProtocol
    let store: PostgresEventStore
    /// The store commands go to.
    let commandStore: any EventStore
    let api: NexusAPI
    /// The credentials, keys and throttle the API uses (development keys).
    let privacy: PrivacyServices

    /// Runs `body` against a fresh API (commands and queries, over empty read models). The
    /// bootstrap admin exists before the first request. No projection worker runs: tests apply
    /// the log to the read models with ``catchUp()`` (and signal `commits` themselves, if given;
    /// ``catchUp()`` announces nothing to `readCache`).
    /// Commands go to `commandStore(store)` (by default the store itself). `beforeMigrations`
    /// runs on the migrated event store before the other schemas are migrated (to stage older data); `modules` add routes.
    /// The database is a new one named after `prefix` unless `database` is given. The client is
    /// AsyncHTTPClient over a real port unless `setup` says otherwise (`.live` does not follow redirects).
    static func run(
        _ prefix: String, database: TestDatabase? = nil, configure: @Sendable (inout HTTPServerConfiguration) -> Void = { _ in },
        commandStore: @Sendable (PostgresEventStore) -> any EventStore = { $0 },
        queries queryConfiguration: QueryConfiguration = .init(),
        commits: ProjectionCommits? = nil,
        readCache: ReadCache? = nil,
        beforeMigrations: @Sendable (PostgresEventStore) async throws -> Void = { _ in },
        modules: [RouteModule] = [],
        client setup: TestingSetup = .ahc(.http),
        _ body: @Sendable (APIHarness) async throws -> Void
    ) async throws {
        let database = if let database { database } else { try await TestDatabase.create(prefix: prefix) }
        try await database.withEventStore { store in
            try await beforeMigrations(store)
            var configuration = HTTPServerConfiguration(jwtSecret: secret)
            configuration.port = 0
            configuration.bcryptCost = 4
            configuration.bootstrapAdmin = .init(email: adminEmail, password: adminPassword)
            configure(&configuration)
            var logger = Logger(label: "nexus.http.test")
            logger.logLevel = .warning
            try await ProjectionSchema.migrator.migrate(store.client, logger: logger)
            try await PrivacySchema.migrator.migrate(store.client, logger: logger)
            try await JobSchema.migrator.migrate(store.client, logger: logger)
            try await WebhookSchema.migrator.migrate(store.client, logger: logger)
            let privacy = PrivacyServices(client: store.client, configuration: .development, logger: logger)
            for projection in ProjectionCatalog.all {
                try await store.client.withConnection { try await ProjectionGenerations(logger: logger).ensureServing(projection, on: $0) }
            }
            let queries = QueryAPI(
                client: store.client, store: store, vault: privacy.vault, configuration: queryConfiguration, commits: commits, readCache: readCache,
                committedHere: { store.highestCommittedPosition }, logger: logger)
            let commands = commandStore(store)
            let webhooks = WebhookAPI(
                client: store.client, policy: WebhookTargetPolicy(allowedHosts: ["hooks.example.com"]),
                secrets: WebhookSecretBox(keys: .development), logger: logger)
            let api = try await NexusAPI.build(
                configuration: configuration, store: commands, privacy: privacy, modules: [queries.module(), AuditorConsole(store: store, queries: queries, logger: logger).module(), webhooks.module()] + modules, logger: logger)
            try await api.application.test(setup) { client in
                try await body(APIHarness(client: client, store: store, commandStore: commands, api: api, privacy: privacy))
            }
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
        let email = "\(name)-\(UUID().uuidString.prefix(8).lowercased())@example.com"
        let reply = try await send(.post, "/users", json: #"{"email":"\#(email)","password":"password-\#(name)","name":"\#(name)"}"#)
        guard reply.status == 201, let id = reply.string("id") else {
            throw HarnessError(message: "registration failed: \(reply.status) \(reply.text)")
        }
        return (id, try await token(email, password: "password-\(name)"), email)
    }

    /// Creates category `tools` (if needed), product `sku` at `priceMinor` EUR, and receives `stock` units.
    func product(_ sku: String, priceMinor: Int = 1000, stock: Int, admin: String) async throws {
        try await client.createProduct(sku, priceMinor: priceMinor, stock: stock, admin: admin)
    }

    /// Applies every event of the store to every projection's serving generation, one
    /// transaction per projection, as a live worker would.
    func catchUp() async throws {
        let events = try await log()
        let logger = Logger(label: "nexus.http.test.projections")
        for projection in ProjectionCatalog.all {
            let applier = ProjectionApplier(projection: projection, logger: logger)
            try await store.client.withConnection { connection in
                try await connection.withTransaction(logger: logger) { connection in
                    let generation = try await ProjectionGenerations(logger: logger).serving(projection.name, on: connection, lock: true)
                    try await applier.apply(events, to: try #require(generation), on: connection)
                }
            }
        }
    }

    /// Runs `body` against a second server over the same event store (as another instance
    /// would be), signed in as the admin.
    func onAnotherServer(_ body: @Sendable (OtherServer) async throws -> Void) async throws {
        var configuration = HTTPServerConfiguration(jwtSecret: Self.secret)
        configuration.port = 0
        configuration.bcryptCost = 4
        let other = try await NexusAPI.build(
            configuration: configuration, store: store, privacy: PrivacyServices(client: store.client, configuration: .development, logger: Logger(label: "nexus.http.test.other")),
            logger: Logger(label: "nexus.http.test.other"))
        try await other.application.test(.router) { client in
            try await body(OtherServer(client: client, token: try await client.token(Self.adminEmail, password: Self.adminPassword)))
        }
    }

    /// Every event in the store, in commit order.
    func log() async throws -> [RecordedEvent] {
        try await store.readAll(after: 0, limit: 100_000)
    }
}

/// A second server over the harness's store, with the admin's token.
struct OtherServer: Sendable {
    let client: any TestClientProtocol
    let token: String

    /// Sends a request as the admin; `json` is sent as `application/json`.
    func send(_ method: HTTPRequest.Method, _ path: String, json: String? = nil, headers extra: HTTPFields = [:]) async throws -> TestResponse {
        var headers = extra
        headers[.authorization] = "Bearer \(token)"
        if json != nil { headers[.contentType] = "application/json" }
        return try await client.executeRequest(uri: path, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) })
    }
}

struct HarnessError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
