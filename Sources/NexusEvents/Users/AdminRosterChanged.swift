public import Foundation

/// A user became an active administrator or stopped being one: the events of the admin roster
/// stream, which every change of who administers the shop is appended to together with the
/// user's own event, checked by version, so that no two concurrent changes can leave the shop
/// without an active administrator.
public struct AdminRosterChanged: EventPayload {
    public static let eventType = "AdminRosterChanged"
    public static let schemaVersion = 1
    public static let area = EventArea.users
    public static let summary = "A user became an active administrator (isAdmin true) or stopped being one (false)."

    /// The user id.
    public var userId: UUID
    /// Whether the user is an active administrator from now on.
    public var isAdmin: Bool

    /// Creates the payload.
    public init(userId: UUID, isAdmin: Bool) {
        self.userId = userId
        self.isAdmin = isAdmin
    }

    public var streamName: String { Streams.adminRoster }

    public static var sample: Self {
        Self(userId: SampleValues.userId, isAdmin: true)
    }
}
