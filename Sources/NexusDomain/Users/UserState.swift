public import Foundation
public import NexusEvents

/// What the domain knows about a user, folded from the `user-<uuid>` stream.
public struct UserState: Sendable, Equatable {
    /// The user id, once registered.
    public var userId: UUID?
    /// The normalised email (as read: revealed, sealed or the erased marker).
    public var email = ""
    /// The display name (as read).
    public var name = ""
    /// The current role.
    public var role = UserRole.customer
    /// The credential in force: 1 at registration, one more per password change or reset.
    public var credentialVersion = 0
    /// Whether the user may still sign in.
    public var isActive = false
    /// Whether the person's data was erased (nothing more can happen to the user).
    public var isErased = false

    /// Whether the user exists.
    public var isRegistered: Bool { userId != nil }

    /// The state of a user that does not exist.
    public init() {}
}
