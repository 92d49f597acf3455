public import Foundation
import Crypto

extension MasterKey {
    /// `bytes` sealed under this key (AES-256-GCM, the combined nonce, ciphertext and tag), bound
    /// to `context` (authenticated, not stored): a box opens only with the same context.
    public func wrap(_ bytes: Data, context: Data) -> Data? {
        (try? AES.GCM.seal(bytes, using: key, authenticating: context))?.combined
    }

    /// The bytes of a box made by ``wrap(_:context:)`` with `context`, or nil when it fails authentication.
    public func unwrap(_ wrapped: Data, context: Data) -> Data? {
        guard let box = try? AES.GCM.SealedBox(combined: wrapped) else { return nil }
        return try? AES.GCM.open(box, using: key, authenticating: context)
    }
}

extension PrivacyConfiguration {
    /// The configured master key (current or previous) whose id is `id`.
    public func masterKey(id: String) -> MasterKey? {
        ([masterKey] + previousMasterKeys).first { $0.id == id }
    }
}
