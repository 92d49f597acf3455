public import Foundation
public import NexusEvents

/// What can be asked of a user.
public enum UserCommand: Sendable, Equatable {
    /// Register a new user holding the email reservation `reservationKey` (a keyed hash of the
    /// email). The password is not part of the command: its hash goes to the credentials table,
    /// as credential version 1, before the registration is appended.
    case register(userId: UUID, email: String, name: String, role: UserRole, reservationKey: String, at: Date)
    /// Change the display name.
    case updateProfile(name: String)
    /// Grant another role.
    case changeRole(UserRole)
    /// Stop the user from signing in.
    case deactivate(at: Date)
    /// Switch to the credential `from + 1` (already stored); refused unless `from` is the
    /// version in force, so two concurrent changes cannot both win.
    case changePassword(from: Int, reset: Bool, at: Date)
    /// Erase the person's data; releases the email reservation `reservationKey` when given.
    case erase(reservationKey: String?, at: Date)
}
