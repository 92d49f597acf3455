public import Foundation

/// A user registered with an email, a name, a role and a bcrypt password hash.
public struct UserRegistered: EventPayload {
    public static let eventType = "UserRegistered"
    public static let schemaVersion = 1
    public static let area = EventArea.users
    public static let summary = "A user registered with an email, a name, a role and a bcrypt password hash."

    /// The user id.
    public var userId: UUID
    /// The normalised email.
    public var email: String
    /// The display name.
    public var name: String
    /// The role granted at registration.
    public var role: UserRole
    /// The bcrypt hash of the password (never the password).
    public var passwordHash: String
    /// When the user registered.
    public var registeredAt: Date

    /// Creates the payload.
    public init(userId: UUID, email: String, name: String, role: UserRole, passwordHash: String, registeredAt: Date) {
        self.userId = userId
        self.email = email
        self.name = name
        self.role = role
        self.passwordHash = passwordHash
        self.registeredAt = registeredAt
    }

    public var streamName: String { Streams.user(userId) }

    public static var sample: Self {
        Self(
            userId: SampleValues.userId, email: SampleValues.email, name: "Alice", role: .customer,
            passwordHash: "$2b$12$C6UzMDM.H6dfI/f/IKxGhuC2Z0SrFmLyeDG6tRjVnxr1pcRLdBrhK", registeredAt: SampleValues.time)
    }
}
