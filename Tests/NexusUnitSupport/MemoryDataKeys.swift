public import Foundation
public import Privacy
import Synchronization

/// `personal_data_keys` in memory: the rules of the PostgreSQL table (insert keeps an existing
/// row, erase leaves a tombstone, rewrap loses to an erasure), without a database.
public final class MemoryDataKeys: DataKeyStorage {
    private let rowsBySubject = Mutex<[UUID: DataKeyRow]>([:])

    /// An empty table.
    public init() {}

    public func rows(_ subjects: [UUID]) async throws -> [UUID: DataKeyRow] {
        rowsBySubject.withLock { rows in rows.filter { subjects.contains($0.key) } }
    }

    public func insert(_ subject: UUID, masterKeyID: String, wrapped: Data) async throws {
        rowsBySubject.withLock { rows in
            if rows[subject] == nil { rows[subject] = DataKeyRow(masterKeyID: masterKeyID, wrapped: wrapped) }
        }
    }

    public func erase(_ subject: UUID) async throws {
        rowsBySubject.withLock { $0[subject] = DataKeyRow(masterKeyID: nil, wrapped: nil) }
    }

    public func wrapped(notBy masterKeyID: String, after subject: UUID?, limit: Int) async throws -> [(UUID, DataKeyRow)] {
        rowsBySubject.withLock { rows in
            rows.filter { $0.value.wrapped != nil && $0.value.masterKeyID != masterKeyID }
                .filter { entry in subject.map { entry.key.uuidString.lowercased() > $0.uuidString.lowercased() } ?? true }
                .sorted { $0.key.uuidString.lowercased() < $1.key.uuidString.lowercased() }
                .prefix(limit)
                .map { ($0.key, $0.value) }
        }
    }

    public func rewrap(_ subject: UUID, from oldKeyID: String, to newKeyID: String, wrapped: Data) async throws {
        rowsBySubject.withLock { rows in
            guard let row = rows[subject], row.masterKeyID == oldKeyID, row.wrapped != nil else { return }
            rows[subject] = DataKeyRow(masterKeyID: newKeyID, wrapped: wrapped)
        }
    }

    public func census() async throws -> [String: Int64] {
        rowsBySubject.withLock { rows in
            rows.values.reduce(into: [:]) { counts, row in counts[row.masterKeyID ?? "erased", default: 0] += 1 }
        }
    }
}
