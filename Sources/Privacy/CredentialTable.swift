import EventStorePostgres
import Foundation
import Logging
import PostgresNIO

/// The `credentials` table: one row per user and credential version. Parameterised SQL only.
struct CredentialTable: CredentialStorage {
    let client: PostgresClient
    let logger: Logger

    func save(_ hash: String, for userId: UUID, version: Int) async throws {
        try await client.withRows(
            """
            INSERT INTO credentials (user_id, version, password_hash) VALUES (\(userId), \(Int32(version)), \(hash))
            ON CONFLICT (user_id, version) DO UPDATE SET password_hash = excluded.password_hash, created_at = now()
            """, logger: logger) { _ in }
    }

    func hash(of userId: UUID, version: Int) async throws -> String? {
        try await client.withRows(
            "SELECT password_hash FROM credentials WHERE user_id = \(userId) AND version = \(Int32(version))", logger: logger
        ) { rows in
            for try await hash in rows.decode(String.self) { return hash }
            return nil
        }
    }

    func remove(_ userId: UUID, before version: Int?) async throws {
        try await client.withRows(
            "DELETE FROM credentials WHERE user_id = \(userId) AND version < \(Int32(clamping: version ?? Int.max))", logger: logger
        ) { _ in }
    }
}
