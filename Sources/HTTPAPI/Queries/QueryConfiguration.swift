/// Tunables of the query endpoints.
public struct QueryConfiguration: Sendable {
    /// How long a query with `minPosition` waits for its read models to catch up before answering 503. Default 2 s.
    public var maxWait: Duration = .seconds(2)
    /// How often the read models' applied position is checked while waiting when no projection
    /// worker runs in this process. Default 10 ms.
    public var pollInterval: Duration = .milliseconds(10)
    /// The same when projection workers run in this process: each of their commits prompts a
    /// check at once (``ProjectionCommits``), so polling only catches batches applied by workers
    /// of other processes (which share the partitions when several run). Default 50 ms: at
    /// 1,000 commands/s the 10 ms poll made half of the read-position checks, each finding
    /// nothing new.
    public var signalledPollInterval: Duration = .milliseconds(50)
    /// How long a read position checked for a query without `minPosition` is reused for the
    /// `Nexus-Read-Position` of others. Default 100 ms.
    public var readPositionRefresh: Duration = .milliseconds(100)
    /// The page size when `limit` is absent. Default 20.
    public var defaultLimit = 20
    /// The largest `limit` of read-model lists. Default 100.
    public var maxLimit = 100
    /// The largest `limit` of history pages (`/events`, `/streams/{stream}/events`). Default 1,000.
    public var maxHistoryLimit = 1_000
    /// The live event feed (`GET /events/live`): connection limits, polling, heart-beats, the
    /// send timeout. Defaults: ``LiveFeedConfiguration``.
    public var liveFeed = LiveFeedConfiguration()

    /// The defaults.
    public init() {}
}
