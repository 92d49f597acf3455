public import Crypto
public import Foundation

/// A key-encryption key from configuration: it wraps every person's data key (AES-256-GCM).
/// Its id (the first 8 bytes of its SHA-256, hex) is stored beside each wrapped key, so a
/// rotation knows which key wrapped what.
public struct MasterKey: Sendable {
    /// The key.
    public let key: SymmetricKey
    /// `sha256(key)[0..<8]` in hex.
    public let id: String

    /// A key of exactly 32 bytes.
    /// - Throws: ``PrivacyError`` `invalidConfiguration` for another length.
    public init(bytes: [UInt8]) throws(PrivacyError) {
        guard bytes.count == 32 else {
            throw PrivacyError(.invalidConfiguration, "a master key must be 32 bytes", context: ["bytes": "\(bytes.count)"])
        }
        key = SymmetricKey(data: bytes)
        id = SHA256.hash(data: bytes).prefix(8).map { String(format: "%02x", $0) }.joined()
    }

    /// A key given as base64 text (what `NEXUS_MASTER_KEY` holds; `openssl rand -base64 32` makes one).
    public init(base64 text: String) throws(PrivacyError) {
        guard let bytes = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw PrivacyError(.invalidConfiguration, "a master key must be base64 text of 32 bytes")
        }
        try self.init(bytes: Array(bytes))
    }
}
