import Foundation
public import Jobs
public import Kafka
public import Logging
import NexusEvents
public import ServiceLifecycle

/// The process manager of payment deadlines: reads `OrderPlaced` from the orders topic in a
/// consumer group of its own and schedules a deadline job per order, due `timeout` after the
/// order was placed.
///
/// Offsets are committed after the batch's jobs are enqueued, so a crash repeats and never
/// loses; a repeated `OrderPlaced` finds its order's job (unique key) and adds nothing. After a
/// failure (broker, database) it starts a new consumer after a back-off.
public final class PaymentDeadlineScheduler: Service, Sendable {
    private let queue: JobQueue
    private let consumerConfiguration: KafkaConsumerConfiguration
    private let configuration: PaymentDeadlineConfiguration
    private let logger: Logger

    /// The event type this scheduler reacts to (`OrderPlaced`).
    public static let eventType = OrderPlaced.eventType
    /// Its `ce_type`.
    static let orderPlacedType = CloudEvents.type(
        area: OrderPlaced.area.rawValue, eventType: OrderPlaced.eventType, schemaVersion: OrderPlaced.schemaVersion)

    /// A scheduler enqueuing on `queue`, consuming with `consumerConfiguration` (its group and
    /// topics: see ``consumerConfiguration(bootstrapServers:topics:configuration:)``).
    public init(queue: JobQueue, consumerConfiguration: KafkaConsumerConfiguration, configuration: PaymentDeadlineConfiguration, logger: Logger) {
        self.queue = queue
        self.consumerConfiguration = consumerConfiguration
        self.configuration = configuration
        self.logger = logger
    }

    /// The consumer settings: `configuration`'s group over `topics` (those carrying ``eventType``),
    /// from the earliest offset.
    public static func consumerConfiguration(
        bootstrapServers: String, topics: [String], configuration: PaymentDeadlineConfiguration
    ) -> KafkaConsumerConfiguration {
        KafkaConsumerConfiguration(bootstrapServers: bootstrapServers, groupID: configuration.consumerGroup, topics: topics)
    }

    /// Consumes until graceful shutdown or cancellation, starting again after failures.
    public func run() async throws {
        try await CommittingConsumer(
            configuration: consumerConfiguration, initialBackoff: configuration.initialBackoff,
            maximumBackoff: configuration.maximumBackoff, name: "the payment deadline scheduler", logger: logger
        ).run { try await self.schedule($0) }
    }

    /// Enqueues the deadline of an `OrderPlaced` message; other messages are skipped.
    private func schedule(_ message: KafkaMessage) async throws {
        guard message.header(CloudEvents.Header.type) == Self.orderPlacedType else { return }
        let placed: OrderPlaced
        do {
            guard case .orderPlaced(let event) = try NexusEvent.decode(
                eventType: OrderPlaced.eventType, schemaVersion: OrderPlaced.schemaVersion, data: Data(message.value))
            else { return }
            placed = event
        } catch {
            logger.error("an OrderPlaced message could not be decoded; no deadline for it", metadata: [
                "nexus.kafka.offset": "\(message.topic)/\(message.partition)/\(message.offset)", "nexus.error": "\(error)",
            ])
            return
        }
        let deadline = PaymentDeadline(orderId: placed.orderId)
        try await queue.enqueue(try JobRequest(
            kind: PaymentDeadlineConfiguration.kind, payload: deadline, uniqueKey: deadline.key,
            due: .at(placed.placedAt.addingTimeInterval(configuration.timeout.timeInterval))))
    }
}

extension Duration {
    /// The duration as a `TimeInterval`.
    var timeInterval: TimeInterval {
        TimeInterval(components.seconds) + TimeInterval(components.attoseconds) / 1e18
    }
}
