import EventStore
import Foundation
public import Jobs
public import Kafka
public import Logging
import NexusEvents
public import ServiceLifecycle

/// Reads the published events in a consumer group of its own and enqueues one delivery job per
/// enabled webhook that wants the event's type and was registered when the event was recorded
/// (unique key: webhook id and event id, so a message read again adds nothing). Offsets are
/// committed after the batch's jobs are enqueued.
///
/// A group without committed offsets starts at the topics' beginning (so no event published
/// while the dispatcher was not yet running is missed), but history never floods a webhook: an
/// event recorded before a webhook was registered (both by the database's clock) is not
/// delivered to it.
public final class WebhookDispatcher: Service, Sendable {
    private let queue: JobQueue
    private let store: WebhookStore
    private let consumerConfiguration: KafkaConsumerConfiguration
    private let configuration: WebhookConfiguration
    private let logger: Logger

    /// A dispatcher enqueuing on `queue` for the webhooks of `store`.
    public init(
        queue: JobQueue, store: WebhookStore, consumerConfiguration: KafkaConsumerConfiguration, configuration: WebhookConfiguration,
        logger: Logger
    ) {
        self.queue = queue
        self.store = store
        self.consumerConfiguration = consumerConfiguration
        self.configuration = configuration
        self.logger = logger
    }

    /// The consumer settings: `configuration`'s group over `topics`.
    public static func consumerConfiguration(
        bootstrapServers: String, topics: [String], configuration: WebhookConfiguration
    ) -> KafkaConsumerConfiguration {
        KafkaConsumerConfiguration(bootstrapServers: bootstrapServers, groupID: configuration.consumerGroup, topics: topics)
    }

    /// Consumes until graceful shutdown or cancellation, starting again after failures.
    public func run() async throws {
        try await CommittingConsumer(
            configuration: consumerConfiguration, initialBackoff: configuration.initialBackoff,
            maximumBackoff: configuration.maximumBackoff, name: "the webhook dispatcher", logger: logger
        ).run { try await self.dispatch($0) }
    }

    /// Enqueues the deliveries of one message.
    private func dispatch(_ message: KafkaMessage) async throws {
        guard let type = message.header(CloudEvents.Header.type), let parsed = CloudEvents.parseType(type),
              let eventId = message.header(CloudEvents.Header.id)
        else { return }
        guard let time = message.header(CloudEvents.Header.time), let recordedAt = RecordedTime.parse(time) else { return }
        let webhooks = Self.registered(try await store.subscribers(of: parsed.eventType), before: recordedAt)
        guard !webhooks.isEmpty else { return }
        guard let body = Self.structuredEvent(message) else {
            logger.error("an event could not be turned into CloudEvents JSON; not delivered", metadata: [
                "nexus.kafka.offset": "\(message.topic)/\(message.partition)/\(message.offset)",
            ])
            return
        }
        for webhook in webhooks {
            let delivery = WebhookDelivery(webhookId: webhook.id, eventId: eventId, body: body)
            do {
                try await queue.enqueue(try JobRequest(kind: configuration.kind, payload: delivery, uniqueKey: delivery.key))
            } catch let error as JobError {
                logger.error("a delivery could not be enqueued", metadata: ["nexus.webhook": "\(webhook.id)", "nexus.error": "\(error)"])
            }
        }
    }

    /// The webhooks of `webhooks` registered at or before `recordedAt` (to the microsecond, the
    /// database's precision): those an event recorded then is delivered to.
    static func registered(_ webhooks: [Webhook], before recordedAt: Date) -> [Webhook] {
        let recorded = RecordedTime.microseconds(recordedAt)
        return webhooks.filter { RecordedTime.microseconds($0.createdAt) <= recorded }
    }

    /// The message as a structured-mode CloudEvent: the `ce_` headers as attributes, the value as `data`.
    static func structuredEvent(_ message: KafkaMessage) -> String? {
        guard let data = try? JSONSerialization.jsonObject(with: Data(message.value), options: [.fragmentsAllowed]) else { return nil }
        var event: [String: Any] = ["datacontenttype": CloudEvents.contentType, "data": data]
        for header in message.headers where header.name.hasPrefix("ce_") {
            guard let value = String(bytes: header.value, encoding: .utf8) else { continue }
            event[String(header.name.dropFirst(3))] = value
        }
        guard let json = try? JSONSerialization.data(withJSONObject: event, options: [.sortedKeys, .withoutEscapingSlashes]) else { return nil }
        return String(data: json, encoding: .utf8)
    }
}
