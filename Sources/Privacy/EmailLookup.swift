public import Crypto
public import Foundation
public import NexusEvents

/// The keyed hash that stands for an email wherever a stable name is needed (the reservation
/// stream `useremail-<key>`, the sign-in throttle): HMAC-SHA-256 of the normalised email under
/// ``PrivacyConfiguration/emailLookupSecret``, in hex. Without the secret it cannot be reversed
/// or tested against a guessed email.
public struct EmailLookup: Sendable {
    private let key: SymmetricKey

    /// A lookup under `secret`.
    public init(secret: Data) {
        key = SymmetricKey(data: secret)
    }

    /// The reservation key of `email` (normalised first).
    public func key(for email: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data(Streams.normalizedEmail(email).utf8), using: key)
        return mac.map { String(format: "%02x", $0) }.joined()
    }

    /// The reservation streams `email` may be held under: the keyed one, and the legacy stream
    /// named by the email itself (reservations written before version 2), when that is a valid name.
    public func reservationStreams(for email: String) -> [String] {
        [Streams.userEmail(reservationKey: key(for: email)), Streams.userEmail(reservationKey: Streams.normalizedEmail(email))]
    }
}
