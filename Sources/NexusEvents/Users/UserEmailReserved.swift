public import Foundation

/// An email was reserved for a user: the first event of the email reservation stream.
public struct UserEmailReserved: EventPayload {
    public static let eventType = "UserEmailReserved"
    public static let schemaVersion = 1
    public static let area = EventArea.users
    public static let summary = "An email was reserved for a user: the first event of the email reservation stream."

    /// The normalised email.
    public var email: String
    /// The user holding the email.
    public var userId: UUID

    /// Creates the payload.
    public init(email: String, userId: UUID) {
        self.email = email
        self.userId = userId
    }

    public var streamName: String { Streams.userEmail(email) }

    public static var sample: Self {
        Self(
            email: SampleValues.email, userId: SampleValues.userId)
    }
}
