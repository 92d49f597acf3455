public import Foundation

/// Version 1 of ``UserRegistered``: it carried the bcrypt hash of the password and the email and
/// name in clear. Kept only to read old events: the hash is dropped on every way out of the
/// store (``secretFields``) and by ``upcast()``; `nexus migrate` copies it to the credentials table.
public struct UserRegisteredV1: EventPayload {
    public static let eventType = "UserRegistered"
    public static let schemaVersion = 1
    public static let area = EventArea.users
    public static let summary = "A user registered (superseded by v2; the password hash it stored is removed on every way out of the store)."
    public static let personalFields = ["email", "name"]
    public static let secretFields = ["passwordHash"]

    /// The user id.
    public var userId: UUID
    /// The normalised email, in clear.
    public var email: String
    /// The display name, in clear.
    public var name: String
    /// The role granted at registration.
    public var role: UserRole
    /// The bcrypt hash of the password: absent wherever the event is read or published.
    public var passwordHash: String?
    /// When the user registered.
    public var registeredAt: Date

    /// Creates the payload.
    public init(userId: UUID, email: String, name: String, role: UserRole, passwordHash: String?, registeredAt: Date) {
        self.userId = userId
        self.email = email
        self.name = name
        self.role = role
        self.passwordHash = passwordHash
        self.registeredAt = registeredAt
    }

    public var streamName: String { Streams.user(userId) }

    public static var sample: Self {
        Self(userId: SampleValues.userId, email: SampleValues.email, name: "Alice", role: .customer, passwordHash: nil, registeredAt: SampleValues.time)
    }

    /// The v2 form: the same user without the hash.
    public func upcast() -> UserRegistered {
        UserRegistered(userId: userId, email: email, name: name, role: role, registeredAt: registeredAt)
    }
}
