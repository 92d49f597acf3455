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

/// `POST /users/{id}/password`: the user changes their own password.
struct ChangePasswordRequest: Codable, Sendable {
    var currentPassword: String
    var newPassword: String
}

/// `POST /users/{id}/password-reset`: an admin sets a new password.
struct ResetPasswordRequest: Codable, Sendable {
    var newPassword: String
}

/// The answer to `POST /users/{id}/erasure`: the command's result, and how many of the person's
/// events were written before personal data was sealed and still hold it in clear (the log is
/// immutable: those bytes cannot be erased).
struct ErasureResult: Codable, Sendable {
    var result: CommandResult
    var eventsWithPersonalDataInClear: Int

    private enum CodingKeys: String, CodingKey {
        case eventsWithPersonalDataInClear
    }

    init(result: CommandResult, eventsWithPersonalDataInClear: Int) {
        self.result = result
        self.eventsWithPersonalDataInClear = eventsWithPersonalDataInClear
    }

    init(from decoder: any Decoder) throws {
        result = try CommandResult(from: decoder)
        eventsWithPersonalDataInClear = try decoder.container(keyedBy: CodingKeys.self).decode(Int.self, forKey: .eventsWithPersonalDataInClear)
    }

    func encode(to encoder: any Encoder) throws {
        try result.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(eventsWithPersonalDataInClear, forKey: .eventsWithPersonalDataInClear)
    }
}

/// The answer to `GET /personal-data/keys/{id}`: a person's data key, for trusted consumers
/// opening the sealed personal fields of events they read from Kafka.
struct DataKeyResponse: Codable, Sendable {
    /// The person (user id) the key belongs to.
    var subject: UUID
    /// `AES-256-GCM`.
    var algorithm: String
    /// The key, base64.
    var key: String
}
