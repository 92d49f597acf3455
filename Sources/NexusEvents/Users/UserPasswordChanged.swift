public import Foundation

/// A user's password was changed (by the user, with the current password) or reset (by an
/// admin). The event holds no hash: it switches the user to the credential of
/// `credentialVersion`, and tokens issued for an older version stop working.
public struct UserPasswordChanged: EventPayload {
    public static let eventType = "UserPasswordChanged"
    public static let schemaVersion = 1
    public static let area = EventArea.users
    public static let summary = "A user's password was changed or reset (no hash); older tokens stop working."

    /// The user id.
    public var userId: UUID
    /// The credential now in force: 1 at registration, one more per change.
    public var credentialVersion: Int
    /// Whether an admin reset it (rather than the user changing it).
    public var reset: Bool
    /// When it changed.
    public var changedAt: Date

    /// Creates the payload.
    public init(userId: UUID, credentialVersion: Int, reset: Bool, changedAt: Date) {
        self.userId = userId
        self.credentialVersion = credentialVersion
        self.reset = reset
        self.changedAt = changedAt
    }

    public var streamName: String { Streams.user(userId) }

    public static var sample: Self { Self(userId: SampleValues.userId, credentialVersion: 2, reset: false, changedAt: SampleValues.time) }
}
