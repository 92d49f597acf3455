import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import NexusTestSupport
import PostgresNIO
import Testing

@Suite("nexus dev and nexus status through the real binary")
struct DevCommandTests {
    @Test("dev runs the whole service with demo data; it becomes ready, status and /metrics show no lag, SIGINT stops it cleanly")
    func dev() async throws {
        let database = try await TestDatabase.create(prefix: "cli_dev")
        let dev = try await DevProcess(databaseURL: database.url, demoData: true)
        func output() -> String { dev.output }
        #expect(output().contains("products: 8 created with their stock"), "\(output())")
        #expect(output().contains("orders: 4 placed"))
        #expect(output().contains("kcat -C -b 127.0.0.1:"))

        func get(_ path: String, token: String? = nil) async throws -> (status: Int, text: String) { try await dev.get(path, token: token) }
        try await DevProcess.eventually("/ready", timeout: .seconds(60)) { (try? await get("/ready"))?.status == 200 }
        let metrics = try await get("/metrics")
        #expect(metrics.text.contains("nexus_relay_checkpoint"))
        #expect(metrics.text.contains("nexus_append_requests_total"))

        // The relay and the five projection workers catch up with the demo data.
        try await DevProcess.eventually("relay and projections to catch up", timeout: .seconds(60)) {
            guard let status = try? await NexusBinary.run(["status"], databaseURL: database.url), status.status == 0 else { return false }
            return status.stdout.contains("lag 0 position(s)")
                && status.stdout.components(separatedBy: ", 0 event(s) pending").count == 6
        }
        let status = try await NexusBinary.run(["status"], databaseURL: database.url)
        #expect(status.stdout.contains("store        46 events"), "\(status.stdout)")
        // …which /metrics reports per projection, computed from the database at the scrape.
        let caughtUp = try await get("/metrics").text
        for projection in ["products", "stock", "users", "orders", "categories"] {
            let lag = caughtUp.split(separator: "\n").first { $0.hasPrefix("nexus_projection_lag{projection=\"\(projection)\"} ") }
            #expect(lag.flatMap { $0.split(separator: " ").last }.flatMap { Double($0) } == 0, "\(projection): \(lag ?? "missing")")
            #expect(caughtUp.contains("nexus_projection_applied_position{projection=\"\(projection)\"} "))
        }

        // The query API in the same process serves the read models the workers built.
        let token = try await dev.send("POST", "/auth/token", json: #"{"email":"alice@nexus.dev","password":"alice-password"}"#)
        let accessToken = try #require((try JSONSerialization.jsonObject(with: Data(token.text.utf8)) as? [String: Any])?["accessToken"] as? String)
        let products = try await get("/products?category=knives", token: accessToken)
        #expect(products.status == 200, "\(products.text)")
        #expect(products.text.contains("KNIFE-20") && products.text.contains("KNIFE-PARING"))

        let code = await dev.stop()
        #expect(code == 0, "\(output())")
    }

    /// Opening the first connection takes far longer than 1 ms. Before start-up steps had a wait
    /// of their own, dev exited at once with a 503 from registering its admin (with the 2 s
    /// default, the same happened on this loaded machine and a test waited for a dev that was gone).
    @Test("dev comes up when opening a connection takes longer than a request may wait: start-up steps wait for the database")
    func startupOutwaitsTheRequestDeadline() async throws {
        let database = try await TestDatabase.create(prefix: "cli_dev_startup")
        let dev = try await DevProcess(databaseURL: database.url, environment: ["NEXUS_DB_CONNECTION_WAIT_MS": "1"])
        let admins = try await TestDatabase.withClient(database.configuration) { client in
            try await client.query("SELECT count(*) FROM events WHERE stream LIKE 'user-%' AND type = 'UserRegistered'").collect().first?.decode(Int64.self)
        }
        #expect(admins == 1, "the bootstrap admin was not registered: \(dev.output)")
        #expect(await dev.stop() == 0, "\(dev.output)")
    }
}
