/// An append-only store of event streams with a global, commit-ordered log.
public protocol EventStore: Sendable {
    /// Appends events to one or more streams atomically, checking each stream's expected version.
    ///
    /// - Returns: each stream's new version and the global positions written; for a request whose
    ///   idempotency key was seen before, the first request's result with `isReplay` set.
    /// - Throws: ``EventStoreError``: `wrongExpectedVersion` (nothing written) with every
    ///   conflicting stream, validation codes for bad input, `unavailable` for storage failures.
    func append(_ request: AppendRequest) async throws(EventStoreError) -> AppendResult

    /// Reads a stream forwards, starting at version `from` (1 is the first event), at most `limit` events.
    func readStream(_ stream: StreamName, from version: Int64, limit: Int) async throws(EventStoreError) -> [RecordedEvent]

    /// Reads the global log after `position` (exclusive), in commit order, at most `limit` events.
    ///
    /// A reader that repeatedly passes the last position it saw never skips an event, even one
    /// from a transaction that committed late.
    func readAll(after position: Int64, limit: Int) async throws(EventStoreError) -> [RecordedEvent]

    /// The stream's current version: its last event's version, or 0 when it has no events.
    func currentVersion(of stream: StreamName) async throws(EventStoreError) -> Int64

    /// The result of the append that used `key`, with `isReplay` set, or `nil` when no append used it.
    func result(forIdempotencyKey key: String) async throws(EventStoreError) -> AppendResult?
}

extension EventStore {
    /// Reads a whole stream from its first event.
    public func readStream(_ stream: StreamName) async throws(EventStoreError) -> [RecordedEvent] {
        try await readStream(stream, from: 1, limit: .max)
    }
}
