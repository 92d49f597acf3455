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
    /// The longest request fingerprint accepted.
    public static let maximumRequestFingerprintLength = 128

    /// The streams and their events. A stream may appear only once.
    public var streams: [StreamAppend]
    /// When set, a later request with the same key appends nothing and returns this one's result.
    public var idempotencyKey: String?
    /// What the request carrying ``idempotencyKey`` said (e.g. a keyed hash of a command's method,
    /// route and body), recorded with the key: a later request with the key and another
    /// fingerprint is refused with `idempotencyKeyReused` instead of replaying. `nil` (and keys
    /// recorded without one) are not compared.
    public var requestFingerprint: String?

    public init(streams: [StreamAppend], idempotencyKey: String? = nil, requestFingerprint: String? = nil) {
        self.streams = streams
        self.idempotencyKey = idempotencyKey
        self.requestFingerprint = requestFingerprint
    }

    /// A request for a single stream.
    public init(
        stream: StreamName, expectedVersion: ExpectedVersion, events: [EventData], idempotencyKey: String? = nil,
        requestFingerprint: String? = nil
    ) {
        self.init(
            streams: [StreamAppend(stream: stream, expectedVersion: expectedVersion, events: events)],
            idempotencyKey: idempotencyKey, requestFingerprint: requestFingerprint)
    }
}
