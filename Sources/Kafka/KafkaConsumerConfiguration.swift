/// Settings for `KafkaConsumer`. Offsets are never committed automatically.
public struct KafkaConsumerConfiguration: Sendable {
    /// Where to start in a partition that has neither an application-supplied nor a committed offset.
    public enum OffsetReset: String, Sendable {
        case earliest
        case latest
    }

    /// Comma-separated `host:port` list of brokers.
    public var bootstrapServers: String
    /// The consumer group; members of one group share the topics' partitions.
    public var groupID: String
    /// The topics to subscribe to.
    public var topics: [String]
    /// Where to start without a known offset. Default `.earliest`.
    public var offsetReset: OffsetReset = .earliest
    /// How long the group waits for a silent member (e.g. a killed process) before handing its
    /// partitions to the others. Default 6 s: the least a Kafka broker accepts unless its
    /// `group.min.session.timeout.ms` (6 s by default) is lowered; a killed member's partitions
    /// are then consumed again after about this plus one `heartbeatInterval`.
    public var sessionTimeout: Duration = .seconds(6)
    /// How often the member heartbeats; the survivors of a lost member learn of the rebalance at
    /// their next heartbeat. Default 500 ms.
    public var heartbeatInterval: Duration = .milliseconds(500)
    /// At most this many fetched messages wait in memory for the application. Default 10,000.
    /// While the buffer is full the poll thread pauses (the group still sees heartbeats).
    public var maximumBufferedMessages = 10_000
    /// At most this many messages per batch handed to the application. Default 1,000.
    public var maximumBatchSize = 1_000
    /// How long the broker may hold a fetch while waiting for data. Default 10 ms: projections
    /// want new events promptly (read-your-writes), not the 500 ms librdkafka default.
    public var fetchWait: Duration = .milliseconds(10)
    /// Additional librdkafka properties, applied last (they cannot turn auto-commit on).
    public var properties: [String: String] = [:]

    /// Creates a configuration with the documented defaults.
    public init(bootstrapServers: String, groupID: String, topics: [String]) {
        self.bootstrapServers = bootstrapServers
        self.groupID = groupID
        self.topics = topics
    }

    /// The complete librdkafka property map.
    var librdkafkaProperties: [String: String] {
        var result: [String: String] = [
            "bootstrap.servers": bootstrapServers,
            "group.id": groupID,
            "auto.offset.reset": offsetReset.rawValue,
            "session.timeout.ms": String(sessionTimeout.milliseconds),
            "heartbeat.interval.ms": String(heartbeatInterval.milliseconds),
            "fetch.wait.max.ms": String(fetchWait.milliseconds),
            "partition.assignment.strategy": "range,roundrobin",
            "log.queue": "true",
        ]
        result.merge(properties) { _, new in new }
        result["enable.auto.commit"] = "false"
        result["enable.auto.offset.store"] = "false"
        return result
    }
}
