/// Events to append to one stream, with the version the writer expects it to have.
public struct StreamAppend: Hashable, Sendable {
    public var stream: StreamName
    public var expectedVersion: ExpectedVersion
    public var events: [EventData]

    public init(stream: StreamName, expectedVersion: ExpectedVersion, events: [EventData]) {
        self.stream = stream
        self.expectedVersion = expectedVersion
        self.events = events
    }
}

/// One atomic append: every stream's events are written, or none are.
public struct AppendRequest: Hashable, Sendable {
    /// The most events one request may carry.
    public static let maximumEventCount = 1000
    /// The longest idempotency key accepted.
    public static let maximumIdempotencyKeyLength = 200

    /// The streams and their events. A stream may appear only once.
    public var streams: [StreamAppend]
    /// When set, a later request with the same key appends nothing and returns this one's result.
    public var idempotencyKey: String?

    public init(streams: [StreamAppend], idempotencyKey: String? = nil) {
        self.streams = streams
        self.idempotencyKey = idempotencyKey
    }

    /// A request for a single stream.
    public init(stream: StreamName, expectedVersion: ExpectedVersion, events: [EventData], idempotencyKey: String? = nil) {
        self.init(streams: [StreamAppend(stream: stream, expectedVersion: expectedVersion, events: events)], idempotencyKey: idempotencyKey)
    }
}
