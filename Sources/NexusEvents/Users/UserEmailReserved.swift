public import Foundation

/// An email was reserved for a user: the first event of the reservation stream
/// `useremail-<reservationKey>`, appended with "no stream" atomically with the registration so
/// that no two users hold one email. The key is the HMAC-SHA-256 (hex) of the normalised email
/// under a server secret, never the email (stream names are Kafka keys and hash-chain input,
/// which cannot be erased).
public struct UserEmailReserved: EventPayload {
    public static let eventType = "UserEmailReserved"
    public static let schemaVersion = 2
    public static let area = EventArea.users
    public static let summary = "An email was reserved for a user; the stream is named by a keyed hash of the email, never the email."

    /// The key naming the reservation stream (for reservations written as version 1, the
    /// normalised email itself).
    public var reservationKey: String
    /// The user holding the email.
    public var userId: UUID

    /// Creates the payload.
    public init(reservationKey: String, userId: UUID) {
        self.reservationKey = reservationKey
        self.userId = userId
    }

    public var streamName: String { Streams.userEmail(reservationKey: reservationKey) }

    public static var sample: Self { Self(reservationKey: SampleValues.reservationKey, userId: SampleValues.userId) }
}
