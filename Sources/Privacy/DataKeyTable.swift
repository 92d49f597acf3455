import EventStorePostgres
import Foundation
import Logging
import PostgresNIO

/// The `personal_data_keys` table: one row per person, the data key wrapped by a master key,
/// or a tombstone (no key, `erased_at` set) once the person was erased. Parameterised SQL only.
struct DataKeyTable: DataKeyStorage {
    typealias Row = DataKeyRow

    let client: PostgresClient
    let logger: Logger

    /// The rows of `subjects` (absent subjects have none).
    func rows(_ subjects: [UUID]) async throws -> [UUID: Row] {
        try await client.withRows(
            "SELECT subject, master_key_id, wrapped_key FROM personal_data_keys WHERE subject = ANY(\(subjects)::uuid[])", logger: logger
        ) { rows in
            var found: [UUID: Row] = [:]
            for try await (subject, keyID, wrapped) in rows.decode((UUID, String?, Data?).self) {
                found[subject] = Row(masterKeyID: keyID, wrapped: wrapped)
            }
            return found
        }
    }

    /// Stores a new key for `subject` unless it already has a row (a key or a tombstone).
    func insert(_ subject: UUID, masterKeyID: String, wrapped: Data) async throws {
        try await client.withRows(
            """
            INSERT INTO personal_data_keys (subject, master_key_id, wrapped_key) VALUES (\(subject), \(masterKeyID), \(wrapped))
            ON CONFLICT (subject) DO NOTHING
            """, logger: logger) { _ in }
    }

    /// Destroys `subject`'s key, leaving a tombstone (also when no key existed, so none is made later).
    func erase(_ subject: UUID) async throws {
        try await client.withRows(
            """
            INSERT INTO personal_data_keys (subject, master_key_id, wrapped_key, erased_at) VALUES (\(subject), NULL, NULL, now())
            ON CONFLICT (subject) DO UPDATE SET master_key_id = NULL, wrapped_key = NULL,
                erased_at = coalesce(personal_data_keys.erased_at, now())
            """, logger: logger) { _ in }
    }

    /// Up to `limit` live keys not wrapped by `masterKeyID`, after `subject` in id order.
    func wrapped(notBy masterKeyID: String, after subject: UUID?, limit: Int) async throws -> [(UUID, Row)] {
        try await client.withRows(
            """
            SELECT subject, master_key_id, wrapped_key FROM personal_data_keys
             WHERE wrapped_key IS NOT NULL AND master_key_id <> \(masterKeyID)
               AND (\(subject)::uuid IS NULL OR subject > \(subject)) ORDER BY subject LIMIT \(Int64(limit))
            """, logger: logger
        ) { rows in
            var found: [(UUID, Row)] = []
            for try await (subject, keyID, wrapped) in rows.decode((UUID, String?, Data?).self) {
                found.append((subject, Row(masterKeyID: keyID, wrapped: wrapped)))
            }
            return found
        }
    }

    /// Replaces `subject`'s wrapped key if it is still the one wrapped by `oldKeyID` (an erasure meanwhile wins).
    func rewrap(_ subject: UUID, from oldKeyID: String, to newKeyID: String, wrapped: Data) async throws {
        try await client.withRows(
            """
            UPDATE personal_data_keys SET master_key_id = \(newKeyID), wrapped_key = \(wrapped)
             WHERE subject = \(subject) AND master_key_id = \(oldKeyID) AND wrapped_key IS NOT NULL
            """, logger: logger) { _ in }
    }

    /// How many keys each master key wraps, and how many persons were erased.
    func census() async throws -> [String: Int64] {
        try await client.withRows(
            "SELECT coalesce(master_key_id, 'erased'), count(*)::int8 FROM personal_data_keys GROUP BY 1", logger: logger
        ) { rows in
            var counts: [String: Int64] = [:]
            for try await (keyID, count) in rows.decode((String, Int64).self) { counts[keyID] = count }
            return counts
        }
    }
}
