import Foundation
import Testing
@testable import Webhooks

@Suite struct WebhookDispatcherTests {
    /// An event is delivered to the webhooks registered when it was recorded, to the microsecond.
    @Test func deliversToWebhooksRegisteredAtOrBeforeTheEventsRecordedTime() {
        let registered = Date(timeIntervalSince1970: 1_800_000_000.123456)
        let webhook = Webhook(id: UUID(), url: "https://hooks.example.com/in", eventTypes: ["OrderPlaced"], enabled: true, createdAt: registered)
        let later = Webhook(id: UUID(), url: "https://hooks.example.com/in", eventTypes: ["OrderPlaced"], enabled: true, createdAt: registered + 60)
        #expect(WebhookDispatcher.registered([webhook, later], before: registered - 0.000001).isEmpty)
        #expect(WebhookDispatcher.registered([webhook, later], before: registered).map(\.id) == [webhook.id])
        #expect(WebhookDispatcher.registered([webhook, later], before: registered + 60).map(\.id) == [webhook.id, later.id])
    }
}
