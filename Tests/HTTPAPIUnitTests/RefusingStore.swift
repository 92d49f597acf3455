import EventStore

/// An event store whose appends fail with `error` while reads go to `base`: how a unit test
/// stages an unavailable database, a store that refuses data, or a writer that always wins.
struct RefusingStore: EventStore {
    let base: InMemoryEventStore
    let error: EventStoreError

    func append(_ request: AppendRequest) async throws(EventStoreError) -> AppendResult { throw error }

    func readStream(_ stream: StreamName, from version: Int64, limit: Int) async throws(EventStoreError) -> [RecordedEvent] {
        try await base.readStream(stream, from: version, limit: limit)
    }

    func readAll(after position: Int64, limit: Int) async throws(EventStoreError) -> [RecordedEvent] {
        try await base.readAll(after: position, limit: limit)
    }

    func currentVersion(of stream: StreamName) async throws(EventStoreError) -> Int64 { try await base.currentVersion(of: stream) }

    func result(forIdempotencyKey key: String) async throws(EventStoreError) -> AppendResult? {
        try await base.result(forIdempotencyKey: key)
    }
}
