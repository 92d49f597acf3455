import EventStorePostgres
public import Foundation
public import Logging
public import PostgresNIO

/// Password hashes, one row per user and credential version, in `credentials`. A change stores
/// version N+1 first; the `UserPasswordChanged` event then switches the user to it, so the
/// event (appended with the user stream's expected version) is the one atomic step, and a
/// hash whose event never committed is never used.
public struct CredentialStore: Sendable {
    let client: PostgresClient
    let logger: Logger

    /// A store over `client` (the `privacy` schema must be migrated).
    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    /// Stores (or replaces, for a retried change) the hash of `userId`'s credential `version`.
    public func save(_ hash: String, for userId: UUID, version: Int) async throws {
        try await client.withRows(
            """
            INSERT INTO credentials (user_id, version, password_hash) VALUES (\(userId), \(Int32(version)), \(hash))
            ON CONFLICT (user_id, version) DO UPDATE SET password_hash = excluded.password_hash, created_at = now()
            """, logger: logger) { _ in }
    }

    /// The hash of `userId`'s credential `version`, if stored.
    public func hash(of userId: UUID, version: Int) async throws -> String? {
        try await client.withRows(
            "SELECT password_hash FROM credentials WHERE user_id = \(userId) AND version = \(Int32(version))", logger: logger
        ) { rows in
            for try await hash in rows.decode(String.self) { return hash }
            return nil
        }
    }

    /// Removes `userId`'s credentials older than `version` (after a change) or, with `nil`, all of them.
    public func remove(_ userId: UUID, before version: Int?) async throws {
        try await client.withRows(
            "DELETE FROM credentials WHERE user_id = \(userId) AND version < \(Int32(clamping: version ?? Int.max))", logger: logger
        ) { _ in }
    }
}
