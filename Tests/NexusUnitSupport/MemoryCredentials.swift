public import Foundation
public import Privacy
import Synchronization

/// `credentials` in memory: one hash per user and credential version, without a database.
public final class MemoryCredentials: CredentialStorage {
    private struct Key: Hashable {
        var userId: UUID
        var version: Int
    }

    private let hashes = Mutex<[Key: String]>([:])

    /// An empty table.
    public init() {}

    public func save(_ hash: String, for userId: UUID, version: Int) async throws {
        hashes.withLock { $0[Key(userId: userId, version: version)] = hash }
    }

    public func hash(of userId: UUID, version: Int) async throws -> String? {
        hashes.withLock { $0[Key(userId: userId, version: version)] }
    }

    public func remove(_ userId: UUID, before version: Int?) async throws {
        hashes.withLock { hashes in
            hashes = hashes.filter { $0.key.userId != userId || $0.key.version >= (version ?? Int.max) }
        }
    }
}
