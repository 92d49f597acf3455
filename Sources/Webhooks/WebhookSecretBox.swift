public import Foundation
public import Privacy

/// Seals webhook signing secrets at rest under the master key that wraps the personal-data keys
/// (`NEXUS_MASTER_KEY`; AES-256-GCM bound to the webhook's id), so the `webhooks` table alone
/// gives no secret away. The master key's id is stored beside each box: `nexus keys rotate`
/// re-seals the secrets together with the data keys, and older keys in
/// `NEXUS_PREVIOUS_MASTER_KEYS` still open boxes until then.
public struct WebhookSecretBox: Sendable {
    let keys: PrivacyConfiguration

    /// A box over the configured master keys.
    public init(keys: PrivacyConfiguration) {
        self.keys = keys
    }

    /// The id of the master key new secrets are sealed under.
    public var currentKeyID: String { keys.masterKey.id }

    /// `secret` sealed for webhook `id` under the current master key.
    func seal(_ secret: String, webhook id: UUID) throws(WebhookError) -> Data {
        guard let sealed = keys.masterKey.wrap(Data(secret.utf8), context: Self.context(id)) else {
            throw WebhookError(.secretUnavailable, "a webhook secret could not be sealed")
        }
        return sealed
    }

    /// The secret of webhook `id` from a box sealed under master key `keyID`.
    func open(_ sealed: Data, keyID: String, webhook id: UUID) throws(WebhookError) -> String {
        guard let master = keys.masterKey(id: keyID) else {
            throw WebhookError(.secretUnavailable, "the webhook's secret is sealed under master key \(keyID), which is not configured")
        }
        guard let clear = master.unwrap(sealed, context: Self.context(id)), let secret = String(data: clear, encoding: .utf8) else {
            throw WebhookError(.secretUnavailable, "the webhook's sealed secret failed authentication")
        }
        return secret
    }

    private static func context(_ id: UUID) -> Data {
        Data("nexus-webhook-secret:\(id.uuidString.lowercased())".utf8)
    }
}
