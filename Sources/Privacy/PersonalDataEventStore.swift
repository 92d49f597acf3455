public import EventStore
import Foundation

/// An event store that seals personal fields on the way in and lets events out as
/// ``EventExit`` says (revealed, secrets removed, erased persons marked): what the command
/// side and the history endpoints read through. The wrapped store keeps the sealed bytes,
/// which its hash chain covers.
public struct PersonalDataEventStore: EventStore {
    /// The store holding the sealed events.
    public let base: any EventStore
    /// Seals and reveals.
    public let vault: PersonalDataVault

    /// Wraps `base`.
    public init(base: any EventStore, vault: PersonalDataVault) {
        self.base = base
        self.vault = vault
    }

    public func append(_ request: AppendRequest) async throws(EventStoreError) -> AppendResult {
        var sealed = request
        for index in sealed.streams.indices {
            for event in sealed.streams[index].events.indices {
                sealed.streams[index].events[event] = try await guarded { () async throws(PrivacyError) in
                    try await vault.sealPersonalFields(of: sealed.streams[index].events[event])
                }
            }
        }
        return try await base.append(sealed)
    }

    public func readStream(_ stream: StreamName, from version: Int64, limit: Int) async throws(EventStoreError) -> [RecordedEvent] {
        let events = try await base.readStream(stream, from: version, limit: limit)
        return try await guarded { () async throws(PrivacyError) in try await vault.exit(events, mode: .revealed) }
    }

    public func readAll(after position: Int64, limit: Int) async throws(EventStoreError) -> [RecordedEvent] {
        let events = try await base.readAll(after: position, limit: limit)
        return try await guarded { () async throws(PrivacyError) in try await vault.exit(events, mode: .revealed) }
    }

    public func currentVersion(of stream: StreamName) async throws(EventStoreError) -> Int64 {
        try await base.currentVersion(of: stream)
    }

    public func result(forIdempotencyKey key: String) async throws(EventStoreError) -> AppendResult? {
        try await base.result(forIdempotencyKey: key)
    }

    /// Runs a vault step, reporting its failure as the store's: `erased` as a refused append,
    /// anything else as unavailable.
    private func guarded<T>(_ body: () async throws(PrivacyError) -> T) async throws(EventStoreError) -> T {
        do {
            return try await body()
        } catch {
            let code: EventStoreError.Code = error.code == .erased ? .personalDataErased : .unavailable
            throw EventStoreError(code, error.message, context: error.context)
        }
    }
}
