public import Foundation

/// Where ``CredentialStore`` keeps password hashes: the `credentials` table in PostgreSQL (the
/// store's `init(client:logger:)`), or any store that follows the same rules (the unit tests'
/// memory).
public protocol CredentialStorage: Sendable {
    /// Stores (or replaces, for a retried change) the hash of `userId`'s credential `version`.
    func save(_ hash: String, for userId: UUID, version: Int) async throws
    /// The hash of `userId`'s credential `version`, if stored.
    func hash(of userId: UUID, version: Int) async throws -> String?
    /// Removes `userId`'s credentials older than `version` (after a change) or, with `nil`, all of them.
    func remove(_ userId: UUID, before version: Int?) async throws
}
