import Foundation
import Kafka
import Logging
import NexusTestSupport

/// Helpers shared by the Kafka integration tests.
enum KafkaTestSupport {
    static let logger: Logger = {
        var logger = Logger(label: "nexus.kafka.tests")
        logger.logLevel = .warning
        return logger
    }()

    /// A name no other test uses.
    static func unique(_ prefix: String) -> String {
        "\(prefix)-\(UUID().uuidString.lowercased())"
    }

    /// Consumer settings tuned for the mock cluster (fast heartbeats and rebalances).
    static func consumerConfiguration(broker: EmbeddedKafkaBroker, group: String, topics: [String]) -> KafkaConsumerConfiguration {
        var configuration = KafkaConsumerConfiguration(bootstrapServers: broker.bootstrapServers, groupID: group, topics: topics)
        configuration.sessionTimeout = .milliseconds(3000)
        configuration.heartbeatInterval = .milliseconds(300)
        configuration.properties["topic.metadata.refresh.interval.ms"] = "500"
        return configuration
    }

    /// Reads messages from `consumer` until `count` have arrived.
    static func collect(_ count: Int, from consumer: KafkaConsumer, within limit: Duration = .seconds(30)) async throws -> [KafkaMessage] {
        try await TestServices.within(limit) {
            var received: [KafkaMessage] = []
            for try await message in consumer.messages {
                received.append(message)
                if received.count == count { break }
            }
            return received
        }
    }
}
