public import Foundation

/// `nexus broker` (the embedded Kafka-protocol broker as a process of its own) for tests that
/// run the roles as separate processes.
public final class BrokerProcess: Sendable {
    /// The running process.
    public let process: ChildProcess
    /// The broker's bootstrap address, for `--kafka-bootstrap`.
    public let bootstrapServers: String
    /// The file given to `--address-file`.
    public let addressFile: URL

    /// Starts `nexus broker` and waits until it has written its address to `--address-file`.
    public init(arguments: [String] = []) async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("nexus-broker-\(UUID().uuidString).address")
        let process = try ChildProcess(arguments: ["broker", "--address-file", file.path] + arguments)
        let deadline = ContinuousClock.now + .seconds(60)
        var address = ""
        while address.isEmpty {
            address = ((try? String(contentsOf: file, encoding: .utf8)) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            guard address.isEmpty else { break }
            guard process.isRunning, ContinuousClock.now < deadline else {
                throw TestDatabaseError(message: "nexus broker wrote no address:\n\(process.output)")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        self.process = process
        self.bootstrapServers = address
        self.addressFile = file
    }
}
