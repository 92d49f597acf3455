public import Foundation
public import NexusEvents

/// The authenticated caller of a request.
public struct Principal: Sendable, Equatable {
    /// The user id.
    public var userId: UUID
    /// The role carried by the token.
    public var role: UserRole

    /// Creates a principal.
    public init(userId: UUID, role: UserRole) {
        self.userId = userId
        self.role = role
    }
}
