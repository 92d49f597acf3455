public import EventStore
import Synchronization

/// An event store that passes everything on to `base`, for tests that stage a store behaving
/// differently: appends go through `rewrite` first (which may change the request, throw to refuse
/// it, or return nil to append nothing), and stream reads are counted.
public final class ForwardingEventStore: EventStore {
    /// Given an append request, the request to pass on; nil appends nothing (an empty result).
    public typealias Rewrite = @Sendable (AppendRequest) throws(EventStoreError) -> AppendRequest?

    private let base: any EventStore
    private let rewrite: Rewrite
    private let reads = Mutex<[String: Int]>([:])

    /// Forwards to `base`, passing appends through `rewrite` (by default unchanged).
    public init(_ base: any EventStore, rewrite: @escaping Rewrite = { $0 }) {
        self.base = base
        self.rewrite = rewrite
    }

    /// A store whose appends all fail with `error` while reads go to `base`: an unavailable
    /// database, a store that refuses data, or a writer that always wins the race.
    public static func refusing(_ base: any EventStore, with error: EventStoreError) -> ForwardingEventStore {
        ForwardingEventStore(base) { _ throws(EventStoreError) in throw error }
    }

    /// A store whose appends to `stream` are dropped (the rest of the request goes on): data as a
    /// version that did not write that stream left it.
    public static func dropping(_ stream: String, _ base: any EventStore) -> ForwardingEventStore {
        ForwardingEventStore(base) { request in
            var request = request
            request.streams.removeAll { $0.stream.rawValue == stream }
            return request.streams.isEmpty ? nil : request
        }
    }

    /// How many times `stream` was read through this store.
    public func reads(of stream: String) -> Int { reads.withLock { $0[stream, default: 0] } }

    public func append(_ request: AppendRequest) async throws(EventStoreError) -> AppendResult {
        guard let request = try rewrite(request) else { return AppendResult(streams: [], position: 0) }
        return try await base.append(request)
    }

    public func readStream(_ stream: StreamName, from version: Int64, limit: Int) async throws(EventStoreError) -> [RecordedEvent] {
        reads.withLock { $0[stream.rawValue, default: 0] += 1 }
        return try await base.readStream(stream, from: version, limit: limit)
    }

    public func readAll(after position: Int64, limit: Int) async throws(EventStoreError) -> [RecordedEvent] {
        try await base.readAll(after: position, limit: limit)
    }

    public func currentVersion(of stream: StreamName) async throws(EventStoreError) -> Int64 {
        try await base.currentVersion(of: stream)
    }

    public func result(forIdempotencyKey key: String) async throws(EventStoreError) -> AppendResult? {
        try await base.result(forIdempotencyKey: key)
    }
}
