/// A consumed message with its position in the log.
public struct KafkaMessage: Sendable, Hashable {
    /// The topic the message was read from.
    public var topic: String
    /// The partition within the topic.
    public var partition: Int32
    /// The message's offset within the partition.
    public var offset: Int64
    /// The key, `nil` for a null key.
    public var key: [UInt8]?
    /// The value bytes (empty for a null value).
    public var value: [UInt8]
    /// Record headers, in order.
    public var headers: [KafkaHeader]
    /// When the producer created the message (its create-time timestamp, milliseconds since
    /// 1970), `nil` when the message has none or a broker's log-append time.
    public var createdAtMilliseconds: Int64?

    /// Creates a message value (used by the consumer; public for tests and adapters).
    public init(
        topic: String, partition: Int32, offset: Int64, key: [UInt8]?, value: [UInt8], headers: [KafkaHeader],
        createdAtMilliseconds: Int64? = nil
    ) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
        self.key = key
        self.value = value
        self.headers = headers
        self.createdAtMilliseconds = createdAtMilliseconds
    }

    /// The key decoded as UTF-8, `nil` for a null key.
    public var keyString: String? {
        key.map { String(decoding: $0, as: UTF8.self) }
    }

    /// The first header named `name`, decoded as UTF-8.
    public func header(_ name: String) -> String? {
        headers.first { $0.name == name }?.stringValue
    }

    /// This message's topic and partition.
    public var topicPartition: KafkaTopicPartition {
        KafkaTopicPartition(topic: topic, partition: partition)
    }
}
