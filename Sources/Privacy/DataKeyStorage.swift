public import Foundation

/// One person's stored data key: wrapped by a master key, or a tombstone (both `nil`) once the
/// person was erased.
public struct DataKeyRow: Sendable, Hashable {
    /// The id of the master key that wraps the data key; `nil` for a tombstone.
    public var masterKeyID: String?
    /// The wrapped data key; `nil` for a tombstone.
    public var wrapped: Data?

    /// Creates a row.
    public init(masterKeyID: String?, wrapped: Data?) {
        self.masterKeyID = masterKeyID
        self.wrapped = wrapped
    }
}

/// Where ``PersonalDataVault`` keeps its wrapped data keys: `personal_data_keys` in PostgreSQL
/// (the vault's `init(client:configuration:logger:)`), or any store that follows the same rules
/// (the unit tests' memory). Errors thrown here reach callers as ``PrivacyError`` `unavailable`.
public protocol DataKeyStorage: Sendable {
    /// The rows of `subjects` (absent subjects have none).
    func rows(_ subjects: [UUID]) async throws -> [UUID: DataKeyRow]
    /// Stores a new key for `subject` unless it already has a row (a key or a tombstone).
    func insert(_ subject: UUID, masterKeyID: String, wrapped: Data) async throws
    /// Destroys `subject`'s key, leaving a tombstone (also when no key existed, so none is made later).
    func erase(_ subject: UUID) async throws
    /// Up to `limit` live keys not wrapped by `masterKeyID`, after `subject` in id order.
    func wrapped(notBy masterKeyID: String, after subject: UUID?, limit: Int) async throws -> [(UUID, DataKeyRow)]
    /// Replaces `subject`'s wrapped key if it is still the one wrapped by `oldKeyID` (an erasure meanwhile wins).
    func rewrap(_ subject: UUID, from oldKeyID: String, to newKeyID: String, wrapped: Data) async throws
    /// How many keys each master key wraps, and how many persons were erased (under `erased`).
    func census() async throws -> [String: Int64]
}
