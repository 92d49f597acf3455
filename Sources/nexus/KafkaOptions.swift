import ArgumentParser
import Kafka
import Logging
import Relay

/// `--kafka-bootstrap` and `--topic-prefix`, shared by every command that talks to Kafka.
struct KafkaOptions: ParsableArguments {
    /// The value of `--kafka-bootstrap` that starts librdkafka's mock broker in-process.
    static let embedded = "embedded"

    @Option(
        name: .customLong("kafka-bootstrap"),
        help: ArgumentHelp(
            "Kafka bootstrap servers host:port[,…], or 'embedded' for an in-process mock broker (env NEXUS_KAFKA_BOOTSTRAP).",
            valueName: "servers"
        )
    )
    var bootstrap: String = Environment.value("NEXUS_KAFKA_BOOTSTRAP") ?? KafkaOptions.embedded

    @Option(name: .customLong("topic-prefix"), help: "Prefix of the area topics (env NEXUS_TOPIC_PREFIX).")
    var topicPrefix: String = Environment.value("NEXUS_TOPIC_PREFIX") ?? "nexus."

    /// The embedded broker to run (with the area topics created), or `nil` for an external cluster.
    func embeddedBroker(logger: Logger, partitions: Int32 = 4) throws -> EmbeddedKafkaBroker? {
        guard bootstrap == Self.embedded else { return nil }
        let broker = try EmbeddedKafkaBroker(logger: logger)
        for topic in RelayTopics(prefix: topicPrefix).allTopics {
            try broker.createTopic(topic, partitions: partitions)
        }
        return broker
    }
}
