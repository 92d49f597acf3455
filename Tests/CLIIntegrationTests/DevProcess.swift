import Foundation
import NexusTestSupport
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `nexus dev` running in the background on a test database, with its output in a file, and
/// plain HTTP calls to it.
final class DevProcess {
    let port: Int
    let process: Process
    let log: URL

    /// Starts `nexus dev` (by default `--no-demo-data`) on `databaseURL`, with `environment` added
    /// to this process's, and waits for its welcome banner (failing at once if it exits instead).
    init(
        databaseURL: String, port: Int = TestPorts.unused(), demoData: Bool = false, environment extra: [String: String] = [:]
    ) async throws {
        guard let binary = ProcessInfo.processInfo.environment["NEXUS_BINARY"] else { throw NexusBinary.BinaryNotFound() }
        self.port = port
        log = FileManager.default.temporaryDirectory.appendingPathComponent("nexus-dev-\(UUID()).log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["dev", "--port", "\(port)", "--database-url", databaseURL] + (demoData ? [] : ["--no-demo-data"])
        var environment = ProcessInfo.processInfo.environment
        environment["NEXUS_BCRYPT_COST"] = "4"
        environment["NEXUS_KAFKA_BOOTSTRAP"] = nil
        process.environment = environment.merging(extra) { _, new in new }
        process.standardOutput = try FileHandle(forWritingTo: log)
        process.standardError = try FileHandle(forWritingTo: log)
        process.standardInput = FileHandle.nullDevice
        try process.run()
        try await Self.eventually("the welcome banner", timeout: .seconds(120)) { [log, process] in
            let output = String(decoding: (try? Data(contentsOf: log)) ?? Data(), as: UTF8.self)
            if !process.isRunning && !output.contains("Nexus is running") { throw Exited(status: process.terminationStatus, output: output) }
            return output.contains("Nexus is running")
        }
    }

    deinit {
        if process.isRunning { process.terminate() }
        try? FileManager.default.removeItem(at: log)
    }

    var output: String { String(decoding: (try? Data(contentsOf: log)) ?? Data(), as: UTF8.self) }

    /// The embedded broker's address, from the banner's kcat line.
    var kafkaBootstrap: String? {
        guard let range = output.range(of: "kcat -C -b ") else { return nil }
        return String(output[range.upperBound...].prefix { !$0.isWhitespace })
    }

    /// A GET with an optional bearer token.
    func get(_ path: String, token: String? = nil) async throws -> (status: Int, text: String) {
        try await send("GET", path, token: token)
    }

    /// Stops the process with SIGINT and returns its exit status.
    func stop() async -> Int32 {
        process.interrupt()
        while process.isRunning { try? await Task.sleep(for: .milliseconds(50)) }
        return process.terminationStatus
    }

    /// One HTTP exchange with the service.
    func send(_ method: String, _ path: String, json: String? = nil, token: String? = nil) async throws -> (status: Int, text: String) {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = method
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let json {
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = Data(json.utf8)
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    /// A JSON object's string field.
    static func field(_ text: String, _ key: String) -> String? {
        ((try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any])?[key] as? String
    }

    static func eventually(_ what: String, timeout: Duration, _ condition: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(250))
        }
        throw TimedOut(what: what)
    }

    /// `nexus dev` exited before its banner.
    struct Exited: Error, CustomStringConvertible {
        var status: Int32
        var output: String
        var description: String { "nexus dev exited (\(status)) before it was running:\n\(output)" }
    }

    struct TimedOut: Error, CustomStringConvertible {
        var what: String
        var description: String { "timed out waiting for \(what)" }
    }
}
