import ArgumentParser
import Foundation
import Logging
import NexusConfiguration
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

    @Option(help: ArgumentHelp(
        "Drive a Nexus already running at this base URL instead of an in-process one, signed in as the demo admin; lets one load generator measure several builds.",
        valueName: "url"))
    var url: String?

    @Option(help: ArgumentHelp("With --url: the server's process id, whose CPU time (its children's included) is reported per command.", valueName: "pid"))
    var serverPid: Int32?

    @OptionGroup var steps: BenchE2ERates

    func validate() throws {
        guard (1...20_000).contains(rate) else { throw ValidationError("--rate must be between 1 and 20000") }
        guard (1...600).contains(seconds) else { throw ValidationError("--seconds must be between 1 and 600") }
        if let url {
            guard let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme), parsed.host != nil else {
                throw ValidationError("--url must be an http(s) base URL such as http://127.0.0.1:8080")
            }
        } else if serverPid != nil {
            throw ValidationError("--server-pid needs --url (in-process, the server is this process)")
        }
    }

    func run() async throws {
        let logger = { var logger = Logger(label: "nexus.bench"); logger.logLevel = .error; return logger }()
        let (seconds, serverPid, rates) = (self.seconds, self.serverPid, try steps.steps(otherwise: self.rate))
        // In-process the database is ours; with --url only when one is named (else none may run here).
        let knowsDatabase = url == nil || database.requestedURL != nil || NexusSettings.current.databaseURL != nil
        let postmaster = knowsDatabase
            ? try await database.withClient(logger: logger) { try await ProcessCPU.postmaster(of: $0, logger: logger) } : nil
        let measure: @Sendable (URL, String) async throws -> String = { base, token in
            let skus = try await Self.prepare(base: base, token: token)
            Progress.line("bench e2e: \(rates.map(String.init).joined(separator: ", ")) receipts/s for \(seconds)s, each followed by a read of its own write…")
            let report = try await BenchHTTPClient.with(base: base, token: token, connections: 256) { client in
                await E2EBenchmark.drive(
                    client: client, skus: skus, rates: rates, seconds: seconds, postmaster: postmaster, server: serverPid, progress: Progress.line)
            }
            FileHandle.standardOutput.write(Data((report + "\n").utf8))
            return report
        }
        let report: String
        if let url, let base = URL(string: url) {
            let client = APIClient(baseURL: base)
            try await client.waitUntilHealthy(timeout: .seconds(60))
            report = try await measure(base, try await client.token(email: DemoData.admin.email, password: DemoData.admin.password))
        } else {
            report = try await BenchServer.run(database: database, port: port, logger: logger, measure)
        }
        Progress.line("bench e2e: done (\(report.count) bytes of report above)")
    }

    /// Creates a category and 50 products of names unique to this run (a server driven through
    /// `--url` may hold earlier runs'), then one receipt per product read back, so that every
    /// consumer group has joined before measuring; returns the SKUs.
    private static func prepare(base: URL, token: String) async throws -> [String] {
        let client = APIClient(baseURL: base)
        let run = UUID().uuidString.prefix(8)
        let category = "e2e-\(run.lowercased())"
        let created = try await client.send("POST", "categories", token: token, body: ["slug": category, "name": "Bench \(run)"])
        guard created.isSuccess else { throw CommandFailure("cannot create category \(category): HTTP \(created.status)") }
        let skus = (0..<50).map { "E2E-\(run)-\($0)" }
        var position = 0
        for sku in skus {
            position = try await client.send("POST", "products", token: token, body: [
                "sku": sku, "name": "E2E \(sku)", "description": "bench e2e",
                "price": ["amountMinor": 100, "currency": "EUR"], "categorySlug": category,
            ]).json["position"] as? Int ?? position
        }
        try await BenchServer.waitForReadModel(client, token: token, path: "products/\(skus[skus.count - 1])", position: position)
        for sku in skus {
            position = try await client.send("POST", "inventory/\(sku)/receipts", token: token, body: ["quantity": 1]).json["position"] as? Int ?? position
        }
        try await BenchServer.waitForReadModel(client, token: token, path: "stock/\(skus[skus.count - 1])", position: position)
        return skus
    }
}
