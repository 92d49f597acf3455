import EventStore
import Synchronization

/// An event store that counts the stream reads made through it and passes everything on.
final class StreamReadCounter: EventStore {
    private let store: any EventStore
    private let reads = Mutex<[String: Int]>([:])

    init(_ store: any EventStore) {
        self.store = store
    }

    /// How many times `stream` was read.
    func reads(of stream: String) -> Int { reads.withLock { $0[stream, default: 0] } }

    func append(_ request: AppendRequest) async throws(EventStoreError) -> AppendResult {
        try await store.append(request)
    }

    func readStream(_ stream: StreamName, from version: Int64, limit: Int) async throws(EventStoreError) -> [RecordedEvent] {
        reads.withLock { $0[stream.rawValue, default: 0] += 1 }
        return try await store.readStream(stream, from: version, limit: limit)
    }

    func readAll(after position: Int64, limit: Int) async throws(EventStoreError) -> [RecordedEvent] {
        try await store.readAll(after: position, limit: limit)
    }

    func currentVersion(of stream: StreamName) async throws(EventStoreError) -> Int64 {
        try await store.currentVersion(of: stream)
    }

    func result(forIdempotencyKey key: String) async throws(EventStoreError) -> AppendResult? {
        try await store.result(forIdempotencyKey: key)
    }
}
