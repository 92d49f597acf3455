import ArgumentParser
import Foundation
import Kafka
import Logging
import NexusConfiguration
import Relay
import ServiceLifecycle

/// `nexus broker`: the embedded Kafka-protocol broker as a process of its own, so the split
/// topology (`serve --no-relay --no-projections`, `relay`, `project`) runs on one machine
/// without Docker. For development and tests only.
struct BrokerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "broker",
        abstract: "Run the embedded Kafka-protocol broker on its own (development and tests only).",
        discussion: """
            FOR DEVELOPMENT AND TESTS ONLY. This is librdkafka's mock cluster: a real Kafka-protocol \
            broker on a loopback port, holding everything in memory with one replica. It loses every \
            message when it stops and implements a subset of Kafka (for instance no static group \
            membership); never point production at it. It creates the area topics, prints its \
            bootstrap address as one line on standard output and, with --address-file, writes it to \
            that file (removed again on exit). librdkafka 2.0 cannot be told which port to listen \
            on: the system picks a free one. SIGINT or SIGTERM stops it.
            """
    )

    @Option(name: .customLong("topic-prefix"), help: "Prefix of the area topics to create (env NEXUS_TOPIC_PREFIX).")
    var topicPrefix: String = NexusSettings.current.topicPrefix ?? RelayConfiguration().topicPrefix

    @Option(help: "Partitions of each area topic.")
    var partitions: Int32 = EmbeddedKafkaBroker.areaTopicPartitions

    @Option(name: .customLong("address-file"), help: "Also write the bootstrap address to this file.", completion: .file())
    var addressFile: String?

    func validate() throws {
        guard (1...1000).contains(partitions) else { throw ValidationError("--partitions must be between 1 and 1000") }
    }

    func run() async throws {
        let logger = Logger(label: "nexus.broker")
        let broker = try EmbeddedKafkaBroker.withAreaTopics(prefix: topicPrefix, partitions: partitions, logger: logger)
        // Announced from inside the group, whose signal handlers are installed by then: whoever
        // reads the address may stop the broker at once with SIGTERM.
        let announcement = BrokerAnnouncement(address: broker.bootstrapServers, file: addressFile)
        let group = ServiceGroup(services: [broker, announcement], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        try await group.run()
    }
}

/// Prints the broker's address and writes it to the address file; removes the file on shutdown.
private struct BrokerAnnouncement: Service {
    let address: String
    let file: String?

    func run() async throws {
        let line = Data((address + "\n").utf8)
        if let file {
            do {
                try line.write(to: URL(fileURLWithPath: file), options: .atomic)
            } catch {
                throw CommandFailure("cannot write the broker's address to \(file): \(error.localizedDescription)")
            }
        }
        defer { if let file { try? FileManager.default.removeItem(atPath: file) } }
        FileHandle.standardOutput.write(line)
        try? await gracefulShutdown()
    }
}
