/// What one stream looks like after an append.
public struct StreamAppendResult: Hashable, Sendable, Codable {
    /// The stream appended to.
    public var stream: String
    /// The stream's version after the append (its last event's version).
    public var version: Int64
    /// The global position of the stream's last appended event.
    public var position: Int64

    public init(stream: String, version: Int64, position: Int64) {
        self.stream = stream
        self.version = version
        self.position = position
    }
}

/// The result of an atomic append.
public struct AppendResult: Hashable, Sendable, Codable {
    /// Per stream, in request order.
    public var streams: [StreamAppendResult]
    /// The highest global position written: a reader that reached it sees the whole append.
    public var position: Int64
    /// True when an earlier append with the same idempotency key produced this result and nothing was written now.
    public var isReplay: Bool
    /// The fingerprint recorded with the idempotency key that produced this result (see
    /// ``AppendRequest/requestFingerprint``); `nil` when recorded without one.
    public var requestFingerprint: String?

    public init(streams: [StreamAppendResult], position: Int64, isReplay: Bool = false, requestFingerprint: String? = nil) {
        self.streams = streams
        self.position = position
        self.isReplay = isReplay
        self.requestFingerprint = requestFingerprint
    }
}
