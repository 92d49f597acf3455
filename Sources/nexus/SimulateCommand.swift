import ArgumentParser
import Foundation
import NexusConfiguration

/// `nexus simulate`: shoppers browsing and ordering, restocks and cancellations against a
/// running Nexus, with a live summary. For demos and soak tests; loopback or your own hosts only.
struct SimulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Drive a realistic load (shoppers, restocks, cancellations) against a running Nexus.",
        discussion: "Needs the demo data (nexus dev loads it). Stops after --duration seconds."
    )

    @Option(help: "The Nexus base URL.")
    var url = "http://127.0.0.1:8080"

    @Option(help: "Concurrent shoppers.")
    var shoppers = 8

    @Option(help: "Seconds to run.")
    var duration = 30

    @Option(help: "Admin email (restocks).")
    var adminEmail = DemoData.admin.email

    @Option(name: .customLong("admin-password"), help: "Admin password (env NEXUS_SIMULATE_ADMIN_PASSWORD; default the demo admin's).")
    var requestedAdminPassword: String?

    /// `--admin-password`, else `NEXUS_SIMULATE_ADMIN_PASSWORD`, else the demo admin's; not an
    /// option's default value, so that `--help` never prints it.
    var adminPassword: String { requestedAdminPassword ?? NexusSettings.current.simulateAdminPassword?.value ?? DemoData.admin.password }

    func validate() throws {
        guard URL(string: url)?.host != nil else { throw ValidationError("--url must be an http(s) URL") }
        guard (1...256).contains(shoppers) else { throw ValidationError("--shoppers must be between 1 and 256") }
        guard (1...86_400).contains(duration) else { throw ValidationError("--duration must be between 1 and 86400 seconds") }
    }

    func run() async throws {
        let client = APIClient(baseURL: URL(string: url)!)
        try await client.waitUntilHealthy(timeout: .seconds(10))
        let admin = try await client.token(email: adminEmail, password: adminPassword)
        let stats = SimulationStats()
        let deadline = ContinuousClock.now + .seconds(duration)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<shoppers {
                group.addTask { try await Shopper(client: client, admin: admin, index: index, stats: stats).shop(until: deadline) }
            }
            group.addTask {
                while ContinuousClock.now < deadline {
                    try await Task.sleep(for: .seconds(1))
                    Progress.line(stats.summary())
                }
            }
            try await group.waitForAll()
        }
        print(stats.summary())
    }
}
