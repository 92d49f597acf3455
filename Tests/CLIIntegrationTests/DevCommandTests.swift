import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import NexusTestSupport
import Testing

@Suite("nexus dev and nexus status through the real binary")
struct DevCommandTests {
    @Test("dev runs the whole service with demo data; it becomes ready, status and /metrics show no lag, SIGINT stops it cleanly")
    func dev() async throws {
        guard let binary = ProcessInfo.processInfo.environment["NEXUS_BINARY"] else { throw NexusBinary.BinaryNotFound() }
        let database = try await TestDatabase.create(prefix: "cli_dev")
        let port = Int.random(in: 20_000...60_000)
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("nexus-dev-\(UUID()).log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: log) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["dev", "--port", "\(port)", "--database-url", database.url]
        var environment = ProcessInfo.processInfo.environment
        environment["NEXUS_BCRYPT_COST"] = "4"
        environment["NEXUS_KAFKA_BOOTSTRAP"] = nil
        process.environment = environment
        process.standardOutput = try FileHandle(forWritingTo: log)
        process.standardError = try FileHandle(forWritingTo: log)
        process.standardInput = FileHandle.nullDevice
        let exited = AsyncStream<Int32> { continuation in
            process.terminationHandler = { continuation.yield($0.terminationStatus); continuation.finish() }
        }
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        func output() -> String { String(decoding: (try? Data(contentsOf: log)) ?? Data(), as: UTF8.self) }

        try await eventually("the welcome banner", timeout: .seconds(120)) { output().contains("Nexus is running") }
        #expect(output().contains("products: 8 created with their stock"), "\(output())")
        #expect(output().contains("orders: 4 placed"))
        #expect(output().contains("kcat -C -b 127.0.0.1:"))

        let base = "http://127.0.0.1:\(port)"
        try await eventually("/ready", timeout: .seconds(60)) { (try? await get("\(base)/ready"))?.status == 200 }
        let metrics = try await get("\(base)/metrics")
        #expect(metrics.text.contains("nexus_relay_checkpoint"))
        #expect(metrics.text.contains("nexus_append_requests_total"))

        // The relay and the five projection workers catch up with the demo data.
        try await eventually("relay and projections to catch up", timeout: .seconds(60)) {
            guard let status = try? await NexusBinary.run(["status"], databaseURL: database.url), status.status == 0 else { return false }
            return status.stdout.contains("lag 0 position(s)")
                && status.stdout.components(separatedBy: ", 0 event(s) pending").count == 6
        }
        let status = try await NexusBinary.run(["status"], databaseURL: database.url)
        #expect(status.stdout.contains("store        45 events"), "\(status.stdout)")
        // …which /metrics reports per projection, computed from the database at the scrape.
        let caughtUp = try await get("\(base)/metrics").text
        for projection in ["products", "stock", "users", "orders", "categories"] {
            let lag = caughtUp.split(separator: "\n").first { $0.hasPrefix("nexus_projection_lag{projection=\"\(projection)\"} ") }
            #expect(lag.flatMap { $0.split(separator: " ").last }.flatMap { Double($0) } == 0, "\(projection): \(lag ?? "missing")")
            #expect(caughtUp.contains("nexus_projection_applied_position{projection=\"\(projection)\"} "))
        }

        // The query API in the same process serves the read models the workers built.
        let token = try await post("\(base)/auth/token", #"{"email":"alice@nexus.dev","password":"alice-password"}"#)
        let accessToken = try #require((try JSONSerialization.jsonObject(with: Data(token.text.utf8)) as? [String: Any])?["accessToken"] as? String)
        let products = try await get("\(base)/products?category=knives", token: accessToken)
        #expect(products.status == 200, "\(products.text)")
        #expect(products.text.contains("KNIFE-20") && products.text.contains("KNIFE-PARING"))

        process.interrupt()
        var code: Int32?
        for await value in exited { code = value }
        #expect(code == 0, "\(output())")
    }

    private func eventually(_ what: String, timeout: Duration, _ condition: () async -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if await condition() { return }
            try await Task.sleep(for: .milliseconds(250))
        }
        Issue.record("timed out waiting for \(what)")
        throw CancellationError()
    }

    private func get(_ url: String, token: String? = nil) async throws -> (status: Int, text: String) {
        var request = URLRequest(url: URL(string: url)!)
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    private func post(_ url: String, _ body: String) async throws -> (status: Int, text: String) {
        var request = URLRequest(url: URL(string: url)!)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(body.utf8)
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }
}
