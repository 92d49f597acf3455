import Foundation

/// The built `nexus` binary (`NEXUS_BINARY`, set by ops/test) running in the background, for
/// tests that kill it.
public final class ChildProcess {
    private let process: Process

    /// Starts `nexus` with `arguments` and this process's environment plus `environment`; its
    /// output is discarded.
    public init(arguments: [String], environment: [String: String] = [:]) throws {
        guard let path = ProcessInfo.processInfo.environment["NEXUS_BINARY"] else {
            throw TestDatabaseError(message: "NEXUS_BINARY is not set: run the tests with ./ops/test")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        self.process = process
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
