import Foundation
import Testing
@testable import Webhooks

@Suite struct WebhookSignatureTests {
    /// The example of the Standard Webhooks specification.
    @Test func signsLikeTheStandardWebhooksExample() {
        let signature = WebhookSignature.sign(
            secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", id: "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp: 1_614_265_330,
            body: Data(#"{"test": 2432232314}"#.utf8))
        #expect(signature == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
    }

    @Test func secretsAreFreshAndUsable() {
        let a = WebhookSignature.newSecret()
        let b = WebhookSignature.newSecret()
        #expect(a != b)
        #expect(a.hasPrefix("whsec_"))
        #expect(WebhookSignature.sign(secret: a, id: "x", timestamp: 0, body: Data()) != nil)
        #expect(WebhookSignature.sign(secret: "not-a-secret", id: "x", timestamp: 0, body: Data()) == nil)
    }
}
