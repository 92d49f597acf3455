import ArgumentParser
import Foundation
import Logging
import NexusBenchmarks

/// `nexus bench query`: `GET /products/{sku}` throughput under concurrency, against a constant
/// route on the same server (same middleware: auth, rate limit, metrics), both driven by wrk.
struct BenchQueryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query",
        abstract: "GET /products/{sku} requests/s versus a constant route on the same server (wrk)."
    )

    @OptionGroup var database: DatabaseOptions

    @Option(help: "Port for the in-process server.")
    var port = 18_181

    @Option(help: "Concurrent connections.")
    var connections = 32

    @Option(help: "Seconds per measurement.")
    var seconds = 5

    func run() async throws {
        let logger = { var logger = Logger(label: "nexus.bench"); logger.logLevel = .error; return logger }()
        let (connections, seconds) = (self.connections, self.seconds)
        let result = try await BenchServer.run(database: database, port: port, logger: logger) { base, token in
            let client = APIClient(baseURL: base)
            Progress.line("bench query: creating a product and waiting for its read model…")
            _ = try await client.send("POST", "categories", token: token, body: ["slug": "bench", "name": "Bench"])
            let created = try await client.send("POST", "products", token: token, body: [
                "sku": "BENCH-1", "name": "Bench product", "description": "for nexus bench query",
                "price": ["amountMinor": 999, "currency": "EUR"], "categorySlug": "bench",
            ])
            let position = created.json["position"] as? Int ?? 0
            try await BenchServer.waitForReadModel(client, token: token, path: "products/BENCH-1", position: position)
            return try QueryBenchmark.measure(base: base, sku: "BENCH-1", token: token, connections: connections, seconds: seconds, progress: Progress.line)
        }
        print(QueryBenchmark.report(result))
    }
}
