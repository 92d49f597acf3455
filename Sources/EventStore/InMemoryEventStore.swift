public import Foundation

/// An event store held in memory, with the same append semantics as the PostgreSQL store.
///
/// For fast unit tests of code that uses an ``EventStore``. It keeps no hash chain.
public actor InMemoryEventStore: EventStore {
    private var log: [RecordedEvent] = []
    private var streamIndexes: [StreamName: [Int]] = [:]
    private var resultsByIdempotencyKey: [String: AppendResult] = [:]
    private let now: @Sendable () -> Date

    /// Creates an empty store. `now` supplies recorded times (injectable for tests).
    public init(now: @escaping @Sendable () -> Date = { Date() }) {
        self.now = now
    }

    public func append(_ request: AppendRequest) throws(EventStoreError) -> AppendResult {
        try request.validate()
        if let key = request.idempotencyKey, let earlier = resultsByIdempotencyKey[key] {
            return try request.replaying(earlier).get()
        }
        let conflicts = request.streams.compactMap { append -> EventStoreError.VersionConflict? in
            let actual = Int64(streamIndexes[append.stream]?.count ?? 0)
            guard !append.expectedVersion.isSatisfied(byCurrentVersion: actual) else { return nil }
            return .init(stream: append.stream.rawValue, expected: append.expectedVersion, actual: actual)
        }
        guard conflicts.isEmpty else {
            throw EventStoreError(.wrongExpectedVersion, "stream version does not match the expected version", conflicts: conflicts)
        }
        let recordedAt = now()
        var results: [StreamAppendResult] = []
        for append in request.streams {
            var version = Int64(streamIndexes[append.stream]?.count ?? 0)
            for event in append.events {
                version += 1
                var metadata = event.metadata
                metadata.idempotencyKey = request.idempotencyKey
                streamIndexes[append.stream, default: []].append(log.count)
                log.append(
                    RecordedEvent(
                        id: event.id, stream: append.stream, version: version, position: Int64(log.count + 1),
                        type: event.type, schemaVersion: event.schemaVersion, data: event.data, metadata: metadata,
                        recordedAt: recordedAt, hash: nil
                    )
                )
            }
            results.append(StreamAppendResult(stream: append.stream.rawValue, version: version, position: Int64(log.count)))
        }
        let result = AppendResult(streams: results, position: Int64(log.count))
        if let key = request.idempotencyKey {
            var recorded = result
            recorded.requestFingerprint = request.requestFingerprint
            resultsByIdempotencyKey[key] = recorded
        }
        return result
    }

    public func readStream(_ stream: StreamName, from version: Int64, limit: Int) throws(EventStoreError) -> [RecordedEvent] {
        let indexes = streamIndexes[stream] ?? []
        let start = Int(max(version, 1)) - 1
        guard start < indexes.count, limit > 0 else { return [] }
        return indexes[start..<(start + min(limit, indexes.count - start))].map { log[$0] }
    }

    public func readAll(after position: Int64, limit: Int) throws(EventStoreError) -> [RecordedEvent] {
        let start = Int(max(position, 0))
        guard start < log.count, limit > 0 else { return [] }
        return Array(log[start..<(start + min(limit, log.count - start))])
    }

    public func currentVersion(of stream: StreamName) throws(EventStoreError) -> Int64 {
        Int64(streamIndexes[stream]?.count ?? 0)
    }

    public func result(forIdempotencyKey key: String) throws(EventStoreError) -> AppendResult? {
        guard var result = resultsByIdempotencyKey[key] else { return nil }
        result.isReplay = true
        return result
    }
}
