public import Foundation
public import NexusEvents

/// The authenticated caller of a request.
public struct Principal: Sendable, Equatable {
    /// The user id.
    public var userId: UUID
    /// The role carried by the token.
    public var role: UserRole
    /// The credential version the token was issued under: a password change or reset makes
    /// tokens of older versions invalid.
    public var credentialVersion: Int

    /// Creates a principal.
    public init(userId: UUID, role: UserRole, credentialVersion: Int = 1) {
        self.userId = userId
        self.role = role
        self.credentialVersion = credentialVersion
    }
}
