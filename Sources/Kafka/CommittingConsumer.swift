public import Logging
import ServiceLifecycle

/// A consumer group member that hands each message to a handler and commits a batch's offsets
/// only after every message of it was handled, so a crash repeats messages and never loses one
/// (handlers must absorb repeats). After a failure (broker, handler) it starts a new consumer
/// after a back-off that doubles from `initialBackoff` to `maximumBackoff`.
public struct CommittingConsumer: Sendable {
    /// The group, topics and client settings.
    public var configuration: KafkaConsumerConfiguration
    /// First wait after a failure.
    public var initialBackoff: Duration
    /// Longest wait after failures.
    public var maximumBackoff: Duration
    /// Names the consumer in log messages, e.g. `the payment deadline scheduler`.
    public var name: String
    let logger: Logger

    /// Creates a consumer; nothing connects before ``run(_:)``.
    public init(configuration: KafkaConsumerConfiguration, initialBackoff: Duration, maximumBackoff: Duration, name: String, logger: Logger) {
        self.configuration = configuration
        self.initialBackoff = initialBackoff
        self.maximumBackoff = maximumBackoff
        self.name = name
        self.logger = logger
    }

    /// Consumes until graceful shutdown or cancellation, starting again after failures.
    public func run(_ handle: @escaping @Sendable (KafkaMessage) async throws -> Void) async throws {
        var backoff = initialBackoff
        while true {
            do {
                return try await consume(handle)
            } catch where !Task.isCancelled && !Task.isShuttingDownGracefully {
                logger.warning("\(name) failed; starting again after back-off", metadata: [
                    "nexus.error": "\(String(reflecting: error))", "nexus.backoff": "\(backoff)",
                ])
                let wait = backoff
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: wait) }
                if Task.isCancelled || Task.isShuttingDownGracefully { return }
                backoff = min(backoff * 2, maximumBackoff)
            }
        }
    }

    private func consume(_ handle: @escaping @Sendable (KafkaMessage) async throws -> Void) async throws {
        let consumer = try KafkaConsumer(configuration: configuration, logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await consumer.run() }
            for try await batch in consumer.batches {
                var next: [KafkaTopicPartition: Int64] = [:]
                for message in batch {
                    try await handle(message)
                    next[message.topicPartition] = max(next[message.topicPartition] ?? 0, message.offset + 1)
                }
                try await consumer.commit(next)
            }
            try await group.waitForAll()
        }
    }
}
