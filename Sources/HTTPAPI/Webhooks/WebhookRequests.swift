import Foundation
import Webhooks

/// The body of `POST /webhooks`.
struct RegisterWebhookRequest: Codable, Sendable {
    /// An http(s) URL on an allowed host.
    var url: String
    /// Event types of the contract, e.g. `OrderPlaced`.
    var eventTypes: [String]
}

/// The answer to `POST /webhooks`: the webhook and its signing secret, shown this once.
struct RegisteredWebhook: Codable, Sendable {
    var id: UUID
    var url: String
    var eventTypes: [String]
    var enabled: Bool
    var createdAt: Date
    /// `whsec_<base64>`: the key receivers verify signatures with. Never shown again.
    var secret: String

    init(_ webhook: Webhook, secret: String) {
        id = webhook.id
        url = webhook.url
        eventTypes = webhook.eventTypes
        enabled = webhook.enabled
        createdAt = webhook.createdAt
        self.secret = secret
    }
}

/// A list answer.
struct WebhookList<Item: Codable & Sendable>: Codable, Sendable {
    var items: [Item]
}
