/// How the auditor console (`/console`) runs. Every field has a documented default.
public struct ConsoleConfiguration: Sendable {
    /// A session unused this long is signed out (default 30 minutes).
    public var sessionIdleTimeout = Duration.seconds(30 * 60)
    /// A session ends this long after sign-in, used or not (default 8 hours).
    public var sessionLifetime = Duration.seconds(8 * 3600)
    /// The most sessions kept at once; signing in beyond it ends the least recently used (default 10,000).
    public var maxSessions = 10_000
    /// Events per page of a stream (default 100).
    public var eventsPerPage = 100
    /// Streams per page of a category (default 50).
    public var streamsPerPage = 50
    /// The most events folded to show a state as of a position (default 10,000; longer
    /// histories are replayed with `nexus replay`).
    public var maxReplayEvents = 10_000
    /// The largest form body read (default 4 KiB).
    public var maxFormBytes = 4096

    /// The defaults above.
    public init() {}
}
