import ArgumentParser
import Foundation
import Logging
import NexusBenchmarks

/// `nexus bench e2e`: at a steady command rate (open loop), the time from each command's due time
/// to its answer and to the same change being visible in the read model (through relay, Kafka
/// and a projection worker), and the CPU each command costs.
struct BenchE2ECommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "e2e",
        abstract: "Command round trip and due → visible in the read model: p50/p99/p99.9 at a steady command rate (open loop)."
    )

    @OptionGroup var database: DatabaseOptions

    @Option(help: "Port for the in-process server.")
    var port = 18_182

    @Option(help: "Commands per second.")
    var rate = 1000

    @Option(help: "Seconds of load.")
    var seconds = 10

    func validate() throws {
        guard (1...20_000).contains(rate) else { throw ValidationError("--rate must be between 1 and 20000") }
        guard (1...600).contains(seconds) else { throw ValidationError("--seconds must be between 1 and 600") }
    }

    func run() async throws {
        let logger = { var logger = Logger(label: "nexus.bench"); logger.logLevel = .error; return logger }()
        let (rate, seconds) = (self.rate, self.seconds)
        let postmaster = try await database.withClient(logger: logger) { try await ProcessCPU.postmaster(of: $0, logger: logger) }
        let report = try await BenchServer.run(database: database, port: port, logger: logger) { base, token in
            let client = APIClient(baseURL: base)
            _ = try await client.send("POST", "categories", token: token, body: ["slug": "bench", "name": "Bench"])
            let skus = (0..<50).map { "E2E-\($0)" }
            var position = 0
            for sku in skus {
                position = try await client.send("POST", "products", token: token, body: [
                    "sku": sku, "name": "E2E \(sku)", "description": "bench e2e",
                    "price": ["amountMinor": 100, "currency": "EUR"], "categorySlug": "bench",
                ]).json["position"] as? Int ?? position
            }
            try await BenchServer.waitForReadModel(client, token: token, path: "products/\(skus[skus.count - 1])", position: position)
            // Warm-up: one receipt per SKU, read back, so every consumer group has joined before measuring.
            for sku in skus {
                position = try await client.send("POST", "inventory/\(sku)/receipts", token: token, body: ["quantity": 1]).json["position"] as? Int ?? position
            }
            try await BenchServer.waitForReadModel(client, token: token, path: "stock/\(skus[skus.count - 1])", position: position)
            Progress.line("bench e2e: \(rate) receipts/s for \(seconds)s, each followed by a read of its own write…")
            let report = try await BenchHTTPClient.with(base: base, token: token, connections: 256) { client in
                await E2EBenchmark.drive(client: client, skus: skus, rate: rate, seconds: seconds, postmaster: postmaster)
            }
            FileHandle.standardOutput.write(Data((report + "\n").utf8))
            return report
        }
        Progress.line("bench e2e: done (\(report.count) bytes of report above)")
    }
}
