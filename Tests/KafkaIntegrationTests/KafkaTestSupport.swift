import Foundation
import Kafka
import Logging
import ServiceLifecycle
import Synchronization

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

    /// Runs `services` while `body` runs, then stops them in reverse order (clients before the broker).
    static func withRunning<T: Sendable>(
        _ services: [any Service], _ body: @Sendable () async throws -> T
    ) async throws -> T {
        let tasks = services.map { service in Task { try await service.run() } }
        defer {
            for task in tasks.reversed() { task.cancel() }
        }
        let result = try await body()
        for task in tasks.reversed() {
            task.cancel()
            _ = await task.result
        }
        return result
    }

    /// Fails with a timeout error if `body` has not finished after `limit` (a hang guard, not a speed check).
    static func within<T: Sendable>(_ limit: Duration, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try await Task.sleep(for: limit)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let value = first else {
                throw TimedOut(limit: limit)
            }
            return value
        }
    }

    /// Reads messages from `consumer` until `count` have arrived.
    static func collect(_ count: Int, from consumer: KafkaConsumer, within limit: Duration = .seconds(30)) async throws -> [KafkaMessage] {
        try await within(limit) {
            var received: [KafkaMessage] = []
            for try await message in consumer.messages {
                received.append(message)
                if received.count == count { break }
            }
            return received
        }
    }

    /// Waits until `condition` holds, checking every 50 ms.
    static func eventually(within limit: Duration = .seconds(30), _ condition: @escaping @Sendable () -> Bool) async throws {
        try await within(limit) {
            while !condition() {
                try await Task.sleep(for: .milliseconds(50))
            }
        }
    }

    struct TimedOut: Error, CustomStringConvertible {
        var limit: Duration
        var description: String { "gave up after \(limit)" }
    }
}

/// A value shared between test tasks behind a lock.
final class Shared<Value: Sendable>: Sendable {
    private let storage: Mutex<Value>

    init(_ value: Value) {
        storage = Mutex(value)
    }

    /// Mutates the value under the lock and returns the closure's result.
    func update<R: Sendable>(_ body: (inout Value) -> R) -> R {
        storage.withLock { body(&$0) }
    }

    /// The current value.
    var value: Value { storage.withLock { $0 } }
}
