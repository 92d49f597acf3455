public import Foundation
public import NexusEvents

/// What can be asked of a user.
public enum UserCommand: Sendable, Equatable {
    /// Register a new user; the password arrives already hashed (validate it first with ``Validator/password(_:field:)``).
    case register(userId: UUID, email: String, name: String, role: UserRole, passwordHash: String, at: Date)
    /// Change the display name.
    case updateProfile(name: String)
    /// Grant another role.
    case changeRole(UserRole)
    /// Stop the user from signing in.
    case deactivate(at: Date)
}
