import ArgumentParser
import Foundation
import Logging
import NexusBenchmarks

/// `nexus bench query`: `GET /products/{sku}` (read cache on, and bypassed) and a sorted, filtered product page under
/// concurrency, against a constant route on the same server (same middleware), driven by wrk.
struct BenchQueryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query",
        abstract: "GET /products/{sku} (cached, and with Cache-Control: no-cache) and a sorted, filtered GET /products page: requests/s versus a constant route on the same server (wrk)."
    )

    @OptionGroup var database: DatabaseOptions

    @Option(help: "Port for the in-process server.")
    var port = 18_181

    @Option(help: "Concurrent connections.")
    var connections = 32

    @Option(help: "Seconds per measurement.")
    var seconds = 5

    @Option(help: "Products in the listed category (the list route reads a page of them).")
    var products = 1_000

    func run() async throws {
        let logger = { var logger = Logger(label: "nexus.bench"); logger.logLevel = .error; return logger }()
        let (connections, seconds, count) = (self.connections, self.seconds, max(1, products))
        let result = try await BenchServer.run(database: database, port: port, logger: logger) { base, token in
            let client = APIClient(baseURL: base)
            Progress.line("bench query: creating \(count) products and waiting for their read model…")
            _ = try await client.send("POST", "categories", token: token, body: ["slug": "bench", "name": "Bench"])
            var position = 0
            for index in 1...count {
                let created = try await client.send("POST", "products", token: token, body: [
                    "sku": "BENCH-\(index)", "name": "Bench product \(index)", "description": "for nexus bench query",
                    "price": ["amountMinor": 100 + (index * 7_919) % 900_000, "currency": "EUR"], "categorySlug": "bench",
                ])
                position = max(position, created.json["position"] as? Int ?? 0)
            }
            try await BenchServer.waitForReadModel(client, token: token, path: "products/BENCH-1", position: position)
            return try QueryBenchmark.measure(base: base, sku: "BENCH-1", token: token, connections: connections, seconds: seconds, progress: Progress.line)
        }
        print(QueryBenchmark.report(result))
    }
}
