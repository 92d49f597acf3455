public import Foundation

/// The holder of an email was erased: the email may be registered again (by a new user).
public struct UserEmailReleased: EventPayload {
    public static let eventType = "UserEmailReleased"
    public static let schemaVersion = 1
    public static let area = EventArea.users
    public static let summary = "The user holding an email was erased; the email is free to register again."

    /// The key naming the reservation stream.
    public var reservationKey: String
    /// The user who held the email.
    public var userId: UUID

    /// Creates the payload.
    public init(reservationKey: String, userId: UUID) {
        self.reservationKey = reservationKey
        self.userId = userId
    }

    public var streamName: String { Streams.userEmail(reservationKey: reservationKey) }

    public static var sample: Self { Self(reservationKey: SampleValues.reservationKey, userId: SampleValues.userId) }
}
