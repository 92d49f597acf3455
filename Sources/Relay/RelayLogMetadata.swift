/// Metadata keys the relay attaches to its log lines, in one place.
enum RelayLogMetadata {
    static let checkpoint = "relay.checkpoint"
    static let head = "relay.head"
    static let error = "relay.error"
    static let backoff = "relay.backoff"
    static let failed = "relay.failed"
}
