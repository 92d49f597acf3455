public import Foundation

/// A user registered with an email, a name and a role. The password is never part of an event:
/// its hash lives in the credentials table. `email` and `name` are personal data, stored and
/// published sealed under the person's data key (see ``EventPayload/personalFields``).
public struct UserRegistered: EventPayload {
    public static let eventType = "UserRegistered"
    public static let schemaVersion = 2
    public static let area = EventArea.users
    public static let summary = "A user registered with an email, a name and a role (personal fields sealed; no credential)."
    public static let personalFields = ["email", "name"]

    /// The user id.
    public var userId: UUID
    /// The normalised email (personal).
    public var email: String
    /// The display name (personal).
    public var name: String
    /// The role granted at registration.
    public var role: UserRole
    /// When the user registered.
    public var registeredAt: Date

    /// Creates the payload.
    public init(userId: UUID, email: String, name: String, role: UserRole, registeredAt: Date) {
        self.userId = userId
        self.email = email
        self.name = name
        self.role = role
        self.registeredAt = registeredAt
    }

    public var streamName: String { Streams.user(userId) }

    public static var sample: Self {
        Self(userId: SampleValues.userId, email: SampleValues.sealedEmail, name: SampleValues.sealedName, role: .customer, registeredAt: SampleValues.time)
    }
}
