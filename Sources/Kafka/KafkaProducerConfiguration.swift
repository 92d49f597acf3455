/// Settings for `KafkaProducer`. The producer is always idempotent with `acks=all`.
public struct KafkaProducerConfiguration: Sendable {
    /// Comma-separated `host:port` list of brokers.
    public var bootstrapServers: String
    /// How long librdkafka keeps retrying a message before reporting it failed. Default 30 s.
    public var messageTimeout: Duration = .seconds(30)
    /// How long to wait for more messages before sending a batch. Default 1 ms: the relay
    /// enqueues each batch it reads from the store at once, so waiting longer batches little
    /// more and delays every event (`nexus bench e2e` at 1,000/s: relay read → projection batch ≈ 19 → 13 ms, with projections subscribed only to their topics).
    public var linger: Duration = .milliseconds(1)
    /// How long graceful shutdown waits for outstanding deliveries. Default 10 s.
    public var flushTimeout: Duration = .seconds(10)
    /// Additional librdkafka properties, applied last (they cannot turn idempotence off).
    public var properties: [String: String] = [:]

    /// Creates a configuration with the documented defaults.
    public init(bootstrapServers: String) {
        self.bootstrapServers = bootstrapServers
    }

    /// The complete librdkafka property map.
    var librdkafkaProperties: [String: String] {
        var result: [String: String] = [
            "bootstrap.servers": bootstrapServers,
            "message.timeout.ms": String(messageTimeout.milliseconds),
            "linger.ms": String(linger.milliseconds),
            "batch.num.messages": "10000",
            "queue.buffering.max.messages": "500000",
            "log.queue": "true",
        ]
        result.merge(properties) { _, new in new }
        result["enable.idempotence"] = "true"
        result["acks"] = "all"
        return result
    }
}

extension Duration {
    /// The duration in whole milliseconds (rounded down, at least 0).
    var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        return max(0, seconds * 1000 + attoseconds / 1_000_000_000_000_000)
    }
}
