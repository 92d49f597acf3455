import Foundation

/// Runs the built `nexus` binary (path from `NEXUS_BINARY`, set by ops/test) and captures its output.
enum NexusBinary {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func run(_ arguments: [String], databaseURL: String? = nil, environment extra: [String: String] = [:]) async throws -> Result {
        guard let path = ProcessInfo.processInfo.environment["NEXUS_BINARY"] else {
            throw BinaryNotFound()
        }
        var environment = ProcessInfo.processInfo.environment
        environment["NEXUS_DATABASE_URL"] = databaseURL
        environment.merge(extra) { _, new in new }
        return try await runExecutable(path, arguments, environment: environment)
    }

    /// Runs any program to completion and captures its output.
    static func runExecutable(_ path: String, _ arguments: [String], environment: [String: String]? = nil) async throws -> Result {
        // Output goes to files, not pipes, so a chatty child can never block on a full pipe.
        let directory = FileManager.default.temporaryDirectory
        let stdoutURL = directory.appendingPathComponent("nexus-cli-\(UUID().uuidString).out")
        let stderrURL = directory.appendingPathComponent("nexus-cli-\(UUID().uuidString).err")
        FileManager.default.createFile(atPath: stdoutURL.path, contents: nil)
        FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: stdoutURL)
            try? FileManager.default.removeItem(at: stderrURL)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        if let environment { process.environment = environment }
        process.standardOutput = try FileHandle(forWritingTo: stdoutURL)
        process.standardError = try FileHandle(forWritingTo: stderrURL)
        process.standardInput = FileHandle.nullDevice
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            process.terminationHandler = { _ in continuation.resume() }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
        return Result(
            status: process.terminationStatus,
            stdout: String(decoding: try Data(contentsOf: stdoutURL), as: UTF8.self),
            stderr: String(decoding: try Data(contentsOf: stderrURL), as: UTF8.self)
        )
    }

    struct BinaryNotFound: Error, CustomStringConvertible {
        var description: String { "NEXUS_BINARY is not set: run the tests with ./ops/test" }
    }
}
