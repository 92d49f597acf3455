public import Foundation

/// One delivery of an event to a webhook: a job's payload and, listed, its state.
public struct WebhookDelivery: Codable, Sendable, Hashable {
    /// The webhook.
    public var webhookId: UUID
    /// The event's id (the `webhook-id` header).
    public var eventId: String
    /// The CloudEvents JSON POSTed.
    public var body: String

    /// Creates a payload.
    public init(webhookId: UUID, eventId: String, body: String) {
        self.webhookId = webhookId
        self.eventId = eventId
        self.body = body
    }

    /// The job's unique key: one delivery per webhook and event.
    public var key: String { "\(webhookId.uuidString.lowercased()):\(eventId)" }
}

/// A delivery as listed by `GET /webhooks/{id}/deliveries`.
public struct WebhookDeliveryStatus: Codable, Sendable, Hashable {
    /// The delivery's id (its job's).
    public var id: Int64
    /// The event's id.
    public var eventId: String
    /// `scheduled`, `running`, `done` or `dead`.
    public var state: String
    /// Tries made.
    public var tries: Int
    /// Tries allowed.
    public var maximumTries: Int
    /// The last failed try's error.
    public var lastError: String?
    /// When the next try is due (scheduled deliveries).
    public var nextDueAt: Date?
    /// When it ended (done or dead).
    public var finishedAt: Date?
}
