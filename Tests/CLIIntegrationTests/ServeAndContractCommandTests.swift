import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import NexusEvents
import NexusTestSupport
import Testing

@Suite("nexus serve and nexus contract through the real binary")
struct ServeAndContractCommandTests {
    @Test("contract generate writes exactly the committed events/ files")
    func contractGenerate() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("nexus-contract-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try await NexusBinary.run(["contract", "generate", "--directory", directory.path])
        #expect(result.status == 0, "\(result.stderr)")
        let committed = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("events")
        for (path, contents) in try EventContract.files() {
            let written = try String(contentsOf: directory.appendingPathComponent(path), encoding: .utf8)
            #expect(written == contents, "\(path)")
            #expect(try String(contentsOf: committed.appendingPathComponent(path), encoding: .utf8) == written, "\(path)")
        }
    }

    @Test("serve migrates, bootstraps the admin, answers over HTTP and stops gracefully on SIGINT")
    func serve() async throws {
        let database = try await TestDatabase.create(prefix: "cli_serve")
        try await withServe(["--dev", "--port", "0", "--database-url", database.url, "--kafka-bootstrap", "embedded"], environment: [
            "NEXUS_BOOTSTRAP_ADMIN_EMAIL": "root@example.com", "NEXUS_BOOTSTRAP_ADMIN_PASSWORD": "root-password",
        ]) { log, process in
            let port = try await listeningPort(in: log, process: process)
            let health = try await Shop.request("http://127.0.0.1:\(port)/health")
            #expect(health.status == 200)
            let token = try await Shop.request(
                "http://127.0.0.1:\(port)/auth/token", body: #"{"email":"root@example.com","password":"root-password"}"#)
            #expect(token.status == 200, "\(token.text)")
            #expect(token.text.contains(#""role":"admin""#))
            // --dev keeps the operations endpoints open on the API port.
            #expect(try await Shop.request("http://127.0.0.1:\(port)/metrics").status == 200)
        }
    }

    @Test("serve without --dev answers /ready and /metrics only on the ops port, or behind NEXUS_OPS_TOKEN")
    func serveOpsEndpoints() async throws {
        let database = try await TestDatabase.create(prefix: "cli_serve_ops")
        let production = ["--jwt-secret", String(repeating: "s", count: 32), "--migrate", "--no-relay", "--no-projections", "--no-jobs",
                          "--database-url", database.url]
        let keys = [
            "NEXUS_MASTER_KEY": Data(repeating: 7, count: 32).base64EncodedString(),
            "NEXUS_EMAIL_LOOKUP_SECRET": String(repeating: "l", count: 32),
        ]
        let api = TestPorts.unused(), ops = TestPorts.unused()
        try await withServe(production + ["--port", "\(api)", "--ops-port", "\(ops)"], environment: keys) { log, process in
            _ = try await listeningPort(in: log, process: process)
            try await TestServices.eventually { (try? await Shop.request("http://127.0.0.1:\(ops)/health"))?.status == 200 }
            // The first "listening on" line may be the ops port's: the API port binds after the
            // start-up steps (migrations, the admin roster), so wait for it too.
            try await TestServices.eventually { (try? await Shop.request("http://127.0.0.1:\(api)/health"))?.status == 200 }
            for path in ["/metrics", "/ready"] {
                #expect(try await Shop.request("http://127.0.0.1:\(api)\(path)").status == 404, "API port \(path)")
            }
            #expect(try await Shop.request("http://127.0.0.1:\(api)/health").status == 200)
            let metrics = try await Shop.request("http://127.0.0.1:\(ops)/metrics")
            #expect(metrics.status == 200)
            #expect(metrics.text.contains("nexus_"))
            #expect(try await Shop.request("http://127.0.0.1:\(ops)/ready").text.contains("database"))
            #expect(try await Shop.request("http://127.0.0.1:\(ops)/products").status == 404, "the ops port serves no queries")
        }
        let token = String(repeating: "t", count: 40)
        try await withServe(production + ["--port", "0"], environment: keys.merging(["NEXUS_OPS_TOKEN": token]) { $1 }) { log, process in
            let port = try await listeningPort(in: log, process: process)
            #expect(try await Shop.request("http://127.0.0.1:\(port)/metrics").status == 401)
            #expect(try await Shop.request("http://127.0.0.1:\(port)/ready", token: "x" + token).status == 401)
            #expect(try await Shop.request("http://127.0.0.1:\(port)/metrics", token: token).status == 200)
        }
        let refused = try await NexusBinary.run(["serve"] + production, environment: keys.merging(["NEXUS_OPS_TOKEN": "short"]) { $1 })
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("NEXUS_OPS_TOKEN"), "\(refused.stderr)")
        let halfTLS = try await NexusBinary.run(["serve"] + production, environment: keys.merging(["NEXUS_TLS_CERT_FILE": "/nonexistent.pem"]) { $1 })
        #expect(halfTLS.status != 0)
        #expect(halfTLS.stderr.contains("NEXUS_TLS_KEY_FILE"), "\(halfTLS.stderr)")
    }

    /// Runs `nexus serve arguments`, calls `body` with its log and process, then stops it with
    /// SIGINT and expects a clean exit.
    private func withServe(
        _ arguments: [String], environment extra: [String: String] = [:],
        _ body: (URL, Process) async throws -> Void
    ) async throws {
        guard let binary = ProcessInfo.processInfo.environment["NEXUS_BINARY"] else { throw NexusBinary.BinaryNotFound() }
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("nexus-serve-\(UUID()).log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: log) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["serve"] + arguments
        var environment = ProcessInfo.processInfo.environment
        environment["NEXUS_KAFKA_BOOTSTRAP"] = nil
        environment.merge(extra) { _, new in new }
        process.environment = environment
        process.standardOutput = try FileHandle(forWritingTo: log)
        process.standardError = try FileHandle(forWritingTo: log)
        process.standardInput = FileHandle.nullDevice
        let exited = AsyncStream<Int32> { continuation in
            process.terminationHandler = { continuation.yield($0.terminationStatus); continuation.finish() }
        }
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        try await body(log, process)
        process.interrupt()
        var status: Int32?
        for await code in exited { status = code }
        #expect(status == 0, "\(String(decoding: (try? Data(contentsOf: log)) ?? Data(), as: UTF8.self))")
    }

    /// The port from the server's "listening on host:port" log line, waiting while the process starts.
    private func listeningPort(in log: URL, process: Process) async throws -> Int {
        for _ in 0..<1200 where process.isRunning {
            let text = String(decoding: (try? Data(contentsOf: log)) ?? Data(), as: UTF8.self)
            if let line = text.split(separator: "\n").first(where: { $0.contains("listening on") }),
               let port = line.split(separator: ":").last.flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }) {
                return port
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw ServeDidNotStart(log: String(decoding: (try? Data(contentsOf: log)) ?? Data(), as: UTF8.self))
    }

    struct ServeDidNotStart: Error, CustomStringConvertible {
        var log: String
        var description: String { "nexus serve did not start listening:\n\(log)" }
    }
}
