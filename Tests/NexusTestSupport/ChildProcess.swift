import Foundation

/// The built `nexus` binary (`NEXUS_BINARY`, set by ops/test) running in the background, for
/// tests that kill it.
public final class ChildProcess: @unchecked Sendable {
    private let process: Process
    private let log: URL

    /// Starts `nexus` with `arguments` and this process's environment plus `environment` (a `nil`
    /// value removes a variable); its standard output and error go to a file read by ``output``.
    public init(arguments: [String], environment: [String: String?] = [:]) throws {
        guard let path = ProcessInfo.processInfo.environment["NEXUS_BINARY"] else {
            throw TestDatabaseError(message: "NEXUS_BINARY is not set: run the tests with ./ops/test")
        }
        log = FileManager.default.temporaryDirectory.appendingPathComponent("nexus-child-\(UUID().uuidString).log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        var merged = ProcessInfo.processInfo.environment
        for (name, value) in environment { merged[name] = value }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.environment = merged
        process.standardInput = FileHandle.nullDevice
        let output = try FileHandle(forWritingTo: log)
        process.standardOutput = output
        process.standardError = output
        try process.run()
        self.process = process
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        try? FileManager.default.removeItem(at: log)
    }

    /// The process id.
    public var processIdentifier: Int32 { process.processIdentifier }

    /// Whether the process still runs.
    public var isRunning: Bool { process.isRunning }

    /// Everything the process wrote to standard output and error so far.
    public var output: String { String(decoding: (try? Data(contentsOf: log)) ?? Data(), as: UTF8.self) }

    /// Waits until the output has a line containing `text` and returns that line; fails when the
    /// process exits first or after `limit`.
    public func line(containing text: String, within limit: Duration = .seconds(120)) async throws -> String {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            let output = self.output
            if let line = output.split(separator: "\n").first(where: { $0.contains(text) }) { return String(line) }
            guard process.isRunning else {
                throw TestDatabaseError(message: "the process exited (\(process.terminationStatus)) before printing '\(text)':\n\(output)")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw TestDatabaseError(message: "no line containing '\(text)' within \(limit):\n\(output)")
    }

    /// Sends `signal` and waits for the exit; returns the exit status or the terminating signal.
    public func stop(signal: Int32) async -> Int32 {
        kill(process.processIdentifier, signal)
        while process.isRunning {
            try? await Task.sleep(for: .milliseconds(20))
        }
        return process.terminationStatus
    }
}
