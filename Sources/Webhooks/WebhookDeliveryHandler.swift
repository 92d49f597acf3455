import Foundation
public import Jobs

/// Runs delivery jobs: POSTs the event's CloudEvents JSON, signed, to the webhook's URL
/// (checked again, resolved: only allowed hosts at allowed addresses). 2xx ends the job; any
/// other answer, a timeout or a refused target is a failed try (retried with back-off, dead after
/// the last). A deleted or disabled webhook makes the delivery unnecessary.
public struct WebhookDeliveryHandler: JobHandler {
    let store: WebhookStore
    let sender: WebhookSender
    let configuration: WebhookConfiguration

    /// A handler reading webhooks from `store` and sending with `sender`.
    public init(store: WebhookStore, sender: WebhookSender, configuration: WebhookConfiguration) {
        self.store = store
        self.sender = sender
        self.configuration = configuration
    }

    public var kind: JobKind { configuration.kind }

    public func run(_ job: ClaimedJob) async throws -> JobOutcome {
        let delivery = try job.decodePayload(WebhookDelivery.self)
        guard let (webhook, secret) = try await store.webhookWithSecret(delivery.webhookId) else {
            return .unnecessary("the webhook was deleted")
        }
        guard webhook.enabled else { return .unnecessary("the webhook is disabled") }
        let target = try await configuration.targets.checkForDelivery(webhook.url)
        let body = Data(delivery.body.utf8)
        let timestamp = Int64(Date().timeIntervalSince1970)
        guard let signature = WebhookSignature.sign(secret: secret, id: delivery.eventId, timestamp: timestamp, body: body) else {
            throw WebhookError(.deliveryFailed, "the webhook's secret is not a whsec_ secret")
        }
        let status: UInt
        do {
            status = try await sender.post(to: target, headers: [
                (WebhookSignature.Header.id, delivery.eventId),
                (WebhookSignature.Header.timestamp, String(timestamp)),
                (WebhookSignature.Header.signature, signature),
            ], body: body)
        } catch {
            throw WebhookError(.deliveryFailed, "no answer: \(String(describing: error).prefix(200))")
        }
        guard (200..<300).contains(status) else { throw WebhookError(.deliveryFailed, "the receiver answered HTTP \(status)") }
        return .done
    }
}
