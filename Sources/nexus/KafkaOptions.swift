import ArgumentParser
import Kafka
import Logging
import NexusConfiguration

/// `--kafka-bootstrap` and `--topic-prefix`, shared by every command that talks to Kafka.
///
/// Only `nexus dev` falls back to the embedded broker (``defaultingToEmbedded``); every other
/// role needs the bootstrap servers spelled out (``requiredBootstrap()``), so that a relay
/// started without configuration can never publish to a private in-process broker and move the
/// shared checkpoint.
struct KafkaOptions: ParsableArguments {
    /// The value of `--kafka-bootstrap` that starts librdkafka's mock broker in-process.
    static let embedded = "embedded"

    @Option(
        name: .customLong("kafka-bootstrap"),
        help: ArgumentHelp(
            "Kafka bootstrap servers host:port[,…], or 'embedded' for an in-process mock broker (development only); required by every role but dev (env NEXUS_KAFKA_BOOTSTRAP).",
            valueName: "servers"
        )
    )
    var bootstrap: String = NexusSettings.current.kafkaBootstrap ?? ""

    @Option(name: .customLong("topic-prefix"), help: "Prefix of the area topics (env NEXUS_TOPIC_PREFIX).")
    var topicPrefix: String = NexusSettings.current.topicPrefix ?? "nexus."

    /// These options with the embedded broker when no bootstrap servers are configured: `nexus dev`'s default.
    var defaultingToEmbedded: KafkaOptions {
        var options = self
        if options.bootstrap.isEmpty { options.bootstrap = Self.embedded }
        return options
    }

    /// The configured bootstrap servers (or ``embedded``); fails with a one-line error when none are.
    func requiredBootstrap() throws -> String {
        guard !bootstrap.isEmpty else {
            throw CommandFailure(
                "set --kafka-bootstrap or NEXUS_KAFKA_BOOTSTRAP to the Kafka cluster (host:port[,…]; 'embedded' starts a private in-process broker, for experiments only)")
        }
        return bootstrap
    }

    /// The embedded broker to run (with the area topics created), or `nil` for an external cluster;
    /// fails like ``requiredBootstrap()`` when nothing is configured.
    func embeddedBroker(logger: Logger) throws -> EmbeddedKafkaBroker? {
        guard try requiredBootstrap() == Self.embedded else { return nil }
        return try EmbeddedKafkaBroker.withAreaTopics(prefix: topicPrefix, logger: logger)
    }
}

extension KafkaOptions {
    /// Additional librdkafka properties for every producer and consumer (`security.protocol`,
    /// `sasl.*`, `ssl.*`, …): the `key=value` lines of `NEXUS_KAFKA_PROPERTIES_FILE`, then the
    /// comma-separated `key=value` pairs of `NEXUS_KAFKA_PROPERTIES` (which win). Checked by
    /// librdkafka before use; values are never logged or printed.
    func clientProperties() throws -> [String: String] {
        var properties: [String: String] = [:]
        let settings = NexusSettings.current
        if let path = settings.kafkaPropertiesFile {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw CommandFailure("cannot read NEXUS_KAFKA_PROPERTIES_FILE \(path)")
            }
            properties = KeyValueLines.parse(text)
        }
        if let list = settings.kafkaProperties?.value {
            for (index, entry) in list.split(separator: ",").enumerated() {
                guard let equals = entry.firstIndex(of: "=") else {
                    throw CommandFailure("NEXUS_KAFKA_PROPERTIES: entry \(index + 1) is not key=value")
                }
                let name = entry[..<equals].trimmingCharacters(in: .whitespaces)
                properties[name] = entry[entry.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            }
        }
        do throws(KafkaError) {
            try KafkaClientProperties.validate(properties)
        } catch {
            throw CommandFailure(error.message)
        }
        return properties
    }
}
