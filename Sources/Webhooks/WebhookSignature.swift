public import Foundation
import Crypto

/// Standard Webhooks signatures: `v1,<base64 HMAC-SHA256(key, "<id>.<timestamp>.<body>")>`,
/// where the key is the bytes after `whsec_` in the secret, base64-decoded.
public enum WebhookSignature {
    /// The prefix of every secret.
    public static let secretPrefix = "whsec_"
    /// The random bytes of a secret.
    public static let secretBytes = 32

    /// The headers of a delivery.
    public enum Header {
        /// The event id: receivers deduplicate on it.
        public static let id = "webhook-id"
        /// When the delivery was signed, in unix seconds.
        public static let timestamp = "webhook-timestamp"
        /// `v1,<signature>`.
        public static let signature = "webhook-signature"
    }

    /// A new secret: `whsec_` and 32 random bytes in base64.
    public static func newSecret() -> String {
        let key = SymmetricKey(size: .bits256)
        return secretPrefix + key.withUnsafeBytes { Data($0).base64EncodedString() }
    }

    /// The `webhook-signature` value of `body` delivered as event `id` at `timestamp` (unix
    /// seconds), or nil when `secret` is not a `whsec_` secret.
    public static func sign(secret: String, id: String, timestamp: Int64, body: Data) -> String? {
        guard secret.hasPrefix(secretPrefix), let key = Data(base64Encoded: String(secret.dropFirst(secretPrefix.count))) else {
            return nil
        }
        var message = Data("\(id).\(timestamp).".utf8)
        message.append(body)
        let mac = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: key))
        return "v1," + Data(mac).base64EncodedString()
    }
}
