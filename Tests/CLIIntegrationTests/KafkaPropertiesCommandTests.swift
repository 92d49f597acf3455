import Foundation
import NexusTestSupport
import Testing

/// `NEXUS_KAFKA_PROPERTIES` and `NEXUS_KAFKA_PROPERTIES_FILE` through the real binary.
@Suite("Kafka client properties from configuration")
struct KafkaPropertiesCommandTests {
    static let unreachable = ["--database-url", "postgres://nexus:nexus@127.0.0.1:9/none", "--kafka-bootstrap", "127.0.0.1:9"]

    @Test("relay and project refuse an unknown property at start, in one line naming it")
    func unknownPropertyRefused() async throws {
        for command in ["relay", "project"] {
            let result = try await NexusBinary.run(
                [command] + Self.unreachable, environment: ["NEXUS_KAFKA_PROPERTIES": "security.protocol=PLAINTEXT,no.such.property=1"])
            #expect(result.status != 0)
            #expect(result.stderr.contains("no.such.property"), "\(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        }
    }

    @Test("a bad value is refused naming the property, and no secret value is printed")
    func badValueRefused() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("nexus-kafka-\(UUID()).properties")
        try "# a managed cluster\nsasl.mechanisms=PLAIN\nsasl.username=key\nsasl.password=hunter2-secret\n".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try await NexusBinary.run(
            ["relay"] + Self.unreachable,
            environment: ["NEXUS_KAFKA_PROPERTIES_FILE": file.path, "NEXUS_KAFKA_PROPERTIES": "security.protocol=carrier_pigeon"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("Kafka property security.protocol"), "\(result.stderr)")
        #expect(!result.stderr.contains("hunter2") && !result.stdout.contains("hunter2"))
    }

    @Test("a property reserved by Nexus is refused")
    func reservedRefused() async throws {
        let result = try await NexusBinary.run(["relay"] + Self.unreachable, environment: ["NEXUS_KAFKA_PROPERTIES": "enable.idempotence=false"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("enable.idempotence"), "\(result.stderr)")
    }

    @Test("a valid property from the file is applied: security.protocol=SSL makes the relay speak TLS to the plaintext broker")
    func validPropertyApplied() async throws {
        let database = try await TestDatabase.create(prefix: "cli_kafka_properties")
        let migrated = try await NexusBinary.run(["migrate"], databaseURL: database.url)
        try #require(migrated.status == 0, "\(migrated.stderr)")
        let broker = try await BrokerProcess()
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("nexus-kafka-\(UUID()).properties")
        try "security.protocol=SSL\n".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let relay = try ChildProcess(
            arguments: ["relay", "--database-url", database.url, "--kafka-bootstrap", broker.bootstrapServers],
            environment: ["NEXUS_KAFKA_PROPERTIES_FILE": file.path])
        _ = try await relay.line(containing: "SSL_HANDSHAKE")
        // It stops cleanly on SIGTERM, unless it has already given up reading the cluster's id
        // (10 s: it never can, over TLS to a plaintext listener) and exited on its own.
        let status = await relay.stop(signal: SIGTERM)
        #expect(status == 0 || relay.output.contains("the Kafka cluster id could not be read"), "\(relay.output)")
        #expect(await broker.process.stop(signal: SIGTERM) == 0)
    }
}
