public import Foundation

/// A user was deactivated and can no longer sign in.
public struct UserDeactivated: EventPayload {
    public static let eventType = "UserDeactivated"
    public static let schemaVersion = 1
    public static let area = EventArea.users
    public static let summary = "A user was deactivated and can no longer sign in."

    /// The user id.
    public var userId: UUID
    /// When the user was deactivated.
    public var deactivatedAt: Date

    /// Creates the payload.
    public init(userId: UUID, deactivatedAt: Date) {
        self.userId = userId
        self.deactivatedAt = deactivatedAt
    }

    public var streamName: String { Streams.user(userId) }

    public static var sample: Self {
        Self(
            userId: SampleValues.userId, deactivatedAt: SampleValues.time)
    }
}
