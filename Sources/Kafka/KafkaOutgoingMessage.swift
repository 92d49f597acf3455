/// A message to produce: topic, optional key, value bytes and headers. The partition is chosen by
/// the key's hash (librdkafka's default partitioner), so one key always lands on one partition.
public struct KafkaOutgoingMessage: Sendable, Hashable {
    /// The destination topic.
    public var topic: String
    /// The key; `nil` produces a null key.
    public var key: [UInt8]?
    /// The value bytes.
    public var value: [UInt8]
    /// Record headers, in order.
    public var headers: [KafkaHeader]

    /// Creates a message.
    public init(topic: String, key: [UInt8]?, value: [UInt8], headers: [KafkaHeader] = []) {
        self.topic = topic
        self.key = key
        self.value = value
        self.headers = headers
    }

    /// Creates a message with a UTF-8 string key.
    public init(topic: String, key: String, value: [UInt8], headers: [KafkaHeader] = []) {
        self.init(topic: topic, key: Array(key.utf8), value: value, headers: headers)
    }
}
