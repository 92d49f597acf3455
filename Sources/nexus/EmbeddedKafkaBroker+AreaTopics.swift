import Kafka
import Logging
import Relay

extension EmbeddedKafkaBroker {
    /// Partitions of each area topic on the embedded broker (4): enough for several projection
    /// workers to share them.
    static let areaTopicPartitions: Int32 = 4

    /// Starts an embedded broker with every area topic of `topicPrefix` created.
    static func withAreaTopics(prefix topicPrefix: String, partitions: Int32 = areaTopicPartitions, logger: Logger) throws -> EmbeddedKafkaBroker {
        let broker = try EmbeddedKafkaBroker(logger: logger)
        for topic in RelayTopics(prefix: topicPrefix).allTopics {
            try broker.createTopic(topic, partitions: partitions)
        }
        return broker
    }
}
