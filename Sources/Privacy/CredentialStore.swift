public import Foundation
public import Logging
public import PostgresNIO

/// Password hashes, one row per user and credential version, in `credentials`. A change stores
/// version N+1 first; the `UserPasswordChanged` event then switches the user to it, so the
/// event (appended with the user stream's expected version) is the one atomic step, and a
/// hash whose event never committed is never used.
public struct CredentialStore: Sendable {
    let storage: any CredentialStorage

    /// A store over `client` (the `privacy` schema must be migrated).
    public init(client: PostgresClient, logger: Logger) {
        storage = CredentialTable(client: client, logger: logger)
    }

    /// A store keeping its hashes in `storage`.
    public init(storage: any CredentialStorage) {
        self.storage = storage
    }

    /// Stores (or replaces, for a retried change) the hash of `userId`'s credential `version`.
    public func save(_ hash: String, for userId: UUID, version: Int) async throws {
        try await storage.save(hash, for: userId, version: version)
    }

    /// The hash of `userId`'s credential `version`, if stored.
    public func hash(of userId: UUID, version: Int) async throws -> String? {
        try await storage.hash(of: userId, version: version)
    }

    /// Removes `userId`'s credentials older than `version` (after a change) or, with `nil`, all of them.
    public func remove(_ userId: UUID, before version: Int?) async throws {
        try await storage.remove(userId, before: version)
    }
}
