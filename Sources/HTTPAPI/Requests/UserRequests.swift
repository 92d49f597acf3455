import Foundation
import NexusEvents

/// `POST /users`: register. Anonymous callers may only register customers.
struct RegisterUserRequest: Codable, Sendable {
    var email: String
    var password: String
    var name: String
    var role: UserRole?
}

/// `POST /auth/token`.
struct TokenRequest: Codable, Sendable {
    var email: String
    var password: String
}

/// `PATCH /users/{id}`.
struct UpdateProfileRequest: Codable, Sendable {
    var name: String
}

/// `POST /users/{id}/role`.
struct ChangeRoleRequest: Codable, Sendable {
    var role: UserRole
}

/// The answer to `POST /auth/token`.
struct TokenResponse: Codable, Sendable {
    var accessToken: String
    var tokenType: String
    var expiresAt: Date
    var userId: UUID
    var role: UserRole
}
