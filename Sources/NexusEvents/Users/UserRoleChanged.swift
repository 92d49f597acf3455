public import Foundation

/// An administrator changed the role of a user.
public struct UserRoleChanged: EventPayload {
    public static let eventType = "UserRoleChanged"
    public static let schemaVersion = 1
    public static let area = EventArea.users
    public static let summary = "An administrator changed the role of a user."

    /// The user id.
    public var userId: UUID
    /// The new role.
    public var role: UserRole

    /// Creates the payload.
    public init(userId: UUID, role: UserRole) {
        self.userId = userId
        self.role = role
    }

    public var streamName: String { Streams.user(userId) }

    public static var sample: Self {
        Self(
            userId: SampleValues.userId, role: .auditor)
    }
}
