public import Foundation
public import NexusEvents

/// What the domain knows about a user, folded from the `user-<uuid>` stream.
public struct UserState: Sendable, Equatable {
    /// The user id, once registered.
    public var userId: UUID?
    /// The normalised email.
    public var email = ""
    /// The display name.
    public var name = ""
    /// The current role.
    public var role = UserRole.customer
    /// The bcrypt password hash.
    public var passwordHash = ""
    /// Whether the user may still sign in.
    public var isActive = false

    /// Whether the user exists.
    public var isRegistered: Bool { userId != nil }

    /// The state of a user that does not exist.
    public init() {}
}
