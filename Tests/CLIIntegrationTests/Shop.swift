import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import NexusTestSupport
import PostgresNIO

/// The split topology as processes (`nexus broker`, `nexus serve --dev --no-jobs` with the relay
/// and projections), a product with stock and a signed-in customer, for tests of background work
/// run by separate `nexus worker` processes.
struct Shop {
    static let sku = "DEADLINE-1"
    static let stock = 10

    let database: TestDatabase
    let broker: BrokerProcess
    let api: ChildProcess
    let base: String
    let admin: String
    let customer: String

    /// Starts the processes and fills the catalog.
    static func start(_ prefix: String, environment: [String: String?] = [:]) async throws -> Shop {
        let database = try await TestDatabase.create(prefix: prefix)
        let migrated = try await NexusBinary.run(["migrate"], databaseURL: database.url)
        guard migrated.status == 0 else { throw ShopError(migrated.stderr) }
        let broker = try await BrokerProcess()
        let api = try ChildProcess(
            arguments: ["serve", "--dev", "--no-jobs", "--port", "0", "--database-url", database.url, "--kafka-bootstrap", broker.bootstrapServers],
            environment: environment.merging(
                ["NEXUS_BOOTSTRAP_ADMIN_EMAIL": "root@example.com", "NEXUS_BOOTSTRAP_ADMIN_PASSWORD": "root-password"]) { _, fixed in fixed })
        let listening = try await api.line(containing: "listening on")
        guard let port = listening.split(separator: ":").last.flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }) else {
            throw ShopError("no port in '\(listening)'")
        }
        let base = "http://127.0.0.1:\(port)"
        let admin = try await Self.token(base, "root@example.com", "root-password")
        try await Self.expect(201, base, "/categories", #"{"slug":"deadlines","name":"Deadlines"}"#, admin)
        try await Self.expect(201, base, "/products", """
            {"sku":"\(sku)","name":"Timer","description":"","price":{"amountMinor":500,"currency":"EUR"},"categorySlug":"deadlines"}
            """, admin)
        try await Self.expect(200, base, "/inventory/\(sku)/receipts", #"{"quantity":\#(stock)}"#, admin)
        try await Self.expect(201, base, "/users", #"{"email":"late@example.com","password":"late-payer","name":"Late"}"#, nil)
        let customer = try await Self.token(base, "late@example.com", "late-payer")
        return Shop(database: database, broker: broker, api: api, base: base, admin: admin, customer: customer)
    }

    /// `nexus worker` on the shop's database and broker, with `environment` (e.g. a short payment timeout).
    func worker(_ environment: [String: String?]) throws -> ChildProcess {
        try ChildProcess(
            arguments: ["worker", "--dev", "--database-url", database.url, "--kafka-bootstrap", broker.bootstrapServers], environment: environment)
    }

    /// Places an order of `quantity` units as the customer; answers its id.
    func placeOrder(_ quantity: Int) async throws -> String {
        let placed = try await Self.request(base + "/orders", body: #"{"lines":[{"sku":"\#(Self.sku)","quantity":\#(quantity)}]}"#, token: customer)
        guard placed.status == 201, let id = Self.field(placed.text, "id") else { throw ShopError(placed.text) }
        return id
    }

    /// Pays order `id` (units of 500 EUR minor units).
    func pay(_ id: String, quantity: Int) async throws {
        try await Self.expect(200, base, "/orders/\(id)/pay", #"{"amount":{"amountMinor":\#(quantity * 500),"currency":"EUR"}}"#, customer)
    }

    /// The order's status in the read model.
    func status(_ id: String) async throws -> String? {
        Self.field(try await Self.request(base + "/orders/\(id)", token: admin).text, "status")
    }

    /// Available stock of the SKU in the read model.
    func available() async throws -> Int? {
        let text = try await Self.request(base + "/stock/\(Self.sku)", token: admin).text
        return ((try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any])?["available"] as? Int
    }

    /// Events of `type` in order `id`'s stream, as (reason, actor) from the event store.
    func events(_ type: String, order id: String) async throws -> [(reason: String?, actor: String?)] {
        try await TestDatabase.withClient(database.configuration) { client in
            var found: [(reason: String?, actor: String?)] = []
            let rows = try await client.query(
                "SELECT data->>'reason', metadata->>'actor' FROM events WHERE type = \(type) AND (stream = \("order-" + id) OR lower(data->>'orderId') = \(id))")
            for try await (reason, actor) in rows.decode((String?, String?).self) { found.append((reason, actor)) }
            return found
        }
    }

    /// The deadline job of order `id`: state, attempts, outcome, claimed by.
    func job(order id: String) async throws -> (state: String, attempts: Int, outcome: String?, claimedBy: String?)? {
        try await TestDatabase.withClient(database.configuration) { client in
            let rows = try await client.query(
                "SELECT state, attempts, outcome, claimed_by FROM jobs WHERE unique_key = \("payment-deadline:" + id)")
            for try await (state, attempts, outcome, claimedBy) in rows.decode((String, Int32, String?, String?).self) {
                return (state, Int(attempts), outcome, claimedBy)
            }
            return nil
        }
    }

    /// Stops the API and the broker.
    func stop() async -> [Int32] {
        [await api.stop(signal: SIGTERM), await broker.process.stop(signal: SIGTERM)]
    }

    static func token(_ base: String, _ email: String, _ password: String) async throws -> String {
        let answer = try await request(base + "/auth/token", body: #"{"email":"\#(email)","password":"\#(password)"}"#)
        guard let token = field(answer.text, "accessToken") else { throw ShopError(answer.text) }
        return token
    }

    static func expect(_ status: Int, _ base: String, _ path: String, _ body: String, _ token: String?) async throws {
        let answer = try await request(base + path, body: body, token: token)
        guard answer.status == status else { throw ShopError("\(path): \(answer.status) \(answer.text)") }
    }

    static func field(_ text: String, _ key: String) -> String? {
        ((try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any])?[key] as? String
    }

    /// One HTTP exchange: a POST of `body` when given, else a GET (or `method`).
    static func request(
        _ url: String, body: String? = nil, token: String? = nil, method: String? = nil
    ) async throws -> (status: Int, text: String, contentType: String?) {
        var request = URLRequest(url: URL(string: url)!)
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let body {
            request.httpMethod = "POST"
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = Data(body.utf8)
        }
        if let method { request.httpMethod = method }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = response as? HTTPURLResponse
        return (http?.statusCode ?? 0, String(decoding: data, as: UTF8.self), http?.value(forHTTPHeaderField: "Content-Type"))
    }
}

/// A step of the shop's set-up or a request failed.
struct ShopError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}
