public import Foundation

/// A user changed their display name.
public struct UserProfileUpdated: EventPayload {
    public static let eventType = "UserProfileUpdated"
    public static let schemaVersion = 1
    public static let area = EventArea.users
    public static let summary = "A user changed their display name (personal field sealed)."
    public static let personalFields = ["name"]

    /// The user id.
    public var userId: UUID
    /// The new display name (personal).
    public var name: String

    /// Creates the payload.
    public init(userId: UUID, name: String) {
        self.userId = userId
        self.name = name
    }

    public var streamName: String { Streams.user(userId) }

    public static var sample: Self {
        Self(
            userId: SampleValues.userId, name: SampleValues.sealedName)
    }
}
