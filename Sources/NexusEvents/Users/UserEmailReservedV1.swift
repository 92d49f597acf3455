public import Foundation

/// Version 1 of ``UserEmailReserved``: the email in clear, in the payload and in the stream name
/// (`useremail-<email>`). Kept only to read old reservations, which stay valid.
public struct UserEmailReservedV1: EventPayload {
    public static let eventType = "UserEmailReserved"
    public static let schemaVersion = 1
    public static let area = EventArea.users
    public static let summary = "An email was reserved for a user (superseded by v2: the email was in clear)."
    public static let personalFields = ["email"]

    /// The normalised email, in clear.
    public var email: String
    /// The user holding the email.
    public var userId: UUID

    /// Creates the payload.
    public init(email: String, userId: UUID) {
        self.email = email
        self.userId = userId
    }

    public var streamName: String { Streams.userEmail(reservationKey: email) }

    public static var sample: Self { Self(email: SampleValues.email, userId: SampleValues.userId) }

    /// The v2 form: the legacy stream's key is the normalised email itself.
    public func upcast() -> UserEmailReserved {
        UserEmailReserved(reservationKey: Streams.normalizedEmail(email), userId: userId)
    }
}
