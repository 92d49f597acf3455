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
        guard let binary = ProcessInfo.processInfo.environment["NEXUS_BINARY"] else { throw NexusBinary.BinaryNotFound() }
        let database = try await TestDatabase.create(prefix: "cli_serve")
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("nexus-serve-\(UUID()).log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: log) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["serve", "--dev", "--port", "0", "--database-url", database.url]
        var environment = ProcessInfo.processInfo.environment
        environment["NEXUS_BOOTSTRAP_ADMIN_EMAIL"] = "root@example.com"
        environment["NEXUS_BOOTSTRAP_ADMIN_PASSWORD"] = "root-password"
        process.environment = environment
        process.standardOutput = try FileHandle(forWritingTo: log)
        process.standardError = try FileHandle(forWritingTo: log)
        process.standardInput = FileHandle.nullDevice
        let exited = AsyncStream<Int32> { continuation in
            process.terminationHandler = { continuation.yield($0.terminationStatus); continuation.finish() }
        }
        try process.run()
        defer { if process.isRunning { process.terminate() } }

        let port = try await listeningPort(in: log, process: process)
        let health = try await request("http://127.0.0.1:\(port)/health")
        #expect(health.status == 200)
        let token = try await request(
            "http://127.0.0.1:\(port)/auth/token", body: #"{"email":"root@example.com","password":"root-password"}"#)
        #expect(token.status == 200, "\(token.text)")
        #expect(token.text.contains(#""role":"admin""#))

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

    private func request(_ url: String, body: String? = nil) async throws -> (status: Int, text: String) {
        var request = URLRequest(url: URL(string: url)!)
        if let body {
            request.httpMethod = "POST"
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = Data(body.utf8)
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    struct ServeDidNotStart: Error, CustomStringConvertible {
        var log: String
        var description: String { "nexus serve did not start listening:\n\(log)" }
    }
}
