import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import NexusTestSupport
import Testing

/// The split topology on one machine without Docker: `nexus broker`, `nexus relay`,
/// `nexus project` and `nexus serve --no-relay --no-projections` as separate processes.
@Suite("nexus broker runs the split topology")
struct SplitTopologyTests {
    @Test("a command sent to serve --no-relay --no-projections reaches the read model through nexus broker, relay and project")
    func splitTopology() async throws {
        let database = try await TestDatabase.create(prefix: "cli_split")
        let migrated = try await NexusBinary.run(["migrate"], databaseURL: database.url)
        try #require(migrated.status == 0, "\(migrated.stderr)")
        let broker = try await BrokerProcess()
        #expect(broker.process.output.contains(broker.bootstrapServers + "\n"), "the address is printed on standard output")
        let kafka = ["--database-url", database.url, "--kafka-bootstrap", broker.bootstrapServers]
        let relay = try ChildProcess(arguments: ["relay"] + kafka)
        let projector = try ChildProcess(arguments: ["project"] + kafka)
        let api = try ChildProcess(
            arguments: ["serve", "--dev", "--no-relay", "--no-projections", "--port", "0"] + kafka,
            environment: ["NEXUS_BOOTSTRAP_ADMIN_EMAIL": "root@example.com", "NEXUS_BOOTSTRAP_ADMIN_PASSWORD": "root-password"])
        let listening = try await api.line(containing: "listening on")
        let port = try #require(listening.split(separator: ":").last.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) })
        let base = "http://127.0.0.1:\(port)"

        let token = try await Shop.request(base + "/auth/token", body: #"{"email":"root@example.com","password":"root-password"}"#)
        try #require(token.status == 200, "\(token.text)")
        let accessToken = try #require(
            ((try JSONSerialization.jsonObject(with: Data(token.text.utf8))) as? [String: Any])?["accessToken"] as? String)
        let created = try await Shop.request(base + "/categories", body: #"{"slug":"split-kitchen","name":"Split kitchen"}"#, token: accessToken)
        #expect(created.status == 201, "\(created.text)")

        // serve runs no projection worker: only the separate relay and projector can build this.
        let categories = Shared("")
        try await TestServices.eventually(within: .seconds(90)) {
            let answer = try await Shop.request(base + "/categories", token: accessToken)
            categories.update { $0 = answer.text }
            return answer.text.contains("split-kitchen")
        }
        #expect(categories.value.contains("Split kitchen"))

        #expect(await api.stop(signal: SIGTERM) == 0, "\(api.output)")
        #expect(await projector.stop(signal: SIGTERM) == 0, "\(projector.output)")
        #expect(await relay.stop(signal: SIGTERM) == 0, "\(relay.output)")
        #expect(await broker.process.stop(signal: SIGINT) == 0, "\(broker.process.output)")
    }

    @Test("nexus broker says it is for development and tests only, and stops cleanly on SIGTERM, removing its address file")
    func brokerHelpAndStop() async throws {
        let help = try await NexusBinary.run(["broker", "--help"])
        #expect(help.status == 0)
        #expect(help.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ").contains("development and tests only"), "\(help.stdout)")
        let broker = try await BrokerProcess(arguments: ["--topic-prefix", "split."])
        #expect(broker.bootstrapServers.hasPrefix("127.0.0.1:"))
        #expect(await broker.process.stop(signal: SIGTERM) == 0, "\(broker.process.output)")
        #expect(broker.process.output.contains("embedded Kafka broker stopped"), "\(broker.process.output)")
        #expect(!FileManager.default.fileExists(atPath: broker.addressFile.path))
    }
}
