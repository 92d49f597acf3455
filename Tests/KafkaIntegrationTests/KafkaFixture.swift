import Kafka

/// A private embedded broker with one fresh topic and a producer, for one test.
struct KafkaFixture {
    let broker: EmbeddedKafkaBroker
    let topic: String
    let producer: KafkaProducer

    init(topicPrefix: String, partitions: Int32, producerConfiguration: (inout KafkaProducerConfiguration) -> Void = { _ in }) throws {
        broker = try EmbeddedKafkaBroker(logger: KafkaTestSupport.logger)
        topic = KafkaTestSupport.unique(topicPrefix)
        try broker.createTopic(topic, partitions: partitions)
        var configuration = KafkaProducerConfiguration(bootstrapServers: broker.bootstrapServers)
        producerConfiguration(&configuration)
        producer = try KafkaProducer(configuration: configuration, logger: KafkaTestSupport.logger)
    }

    /// A consumer of the topic in `group` (a fresh group by default).
    func consumer(group: String = KafkaTestSupport.unique("g"), startingOffsets: KafkaConsumer.StartingOffsets? = nil) throws -> KafkaConsumer {
        try KafkaConsumer(
            configuration: KafkaTestSupport.consumerConfiguration(broker: broker, group: group, topics: [topic]),
            logger: KafkaTestSupport.logger,
            startingOffsets: startingOffsets
        )
    }

    /// `count` messages with key `key` whose values are their index as one byte.
    func numbered(_ count: Int, key: String = "k") -> [KafkaOutgoingMessage] {
        (0..<count).map { KafkaOutgoingMessage(topic: topic, key: key, value: [UInt8($0)]) }
    }
}
