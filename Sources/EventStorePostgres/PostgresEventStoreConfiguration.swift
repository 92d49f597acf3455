/// Settings for ``PostgresEventStore``.
public struct PostgresEventStoreConfiguration: Sendable {
    /// The most append requests committed together in one transaction (group commit). Default 256.
    public var maximumBatchRequests: Int
    /// The most events committed together in one transaction. Default 4096.
    public var maximumBatchEvents: Int

    /// Batches in flight at once, each on its own connection (default 2); their inserts,
    /// commits and WAL flushes overlap. More is not faster: requests that arrive while both
    /// batches commit wait and make the next batch bigger, and a bigger batch costs PostgreSQL
    /// less per event (`./ops/bench append --concurrent-batches N`, BENCHMARKS.md).
    public var concurrentBatches: Int

    /// The shortest time between two `NOTIFY nexus_events` (default 5 ms). Each NOTIFY is a
    /// transaction of its own; under load one per batch would cost about as much as the batch.
    /// Listeners in other processes therefore hear of commits up to this much later; observers
    /// in this process (``PostgresEventStore/observingCommits(_:run:)``) hear of every batch.
    public var notificationInterval: Duration

    /// How long a batch writer that found the queue empty keeps its connection, waiting for the
    /// next request, before it gives the connection back to the pool (default 2 ms). Writers
    /// under steady load then lease a connection once, not once per batch (a lease with its
    /// deadline costs a task group and a hand-over between two tasks).
    public var idleConnectionHold: Duration

    public init(
        maximumBatchRequests: Int = 256, maximumBatchEvents: Int = 4096, concurrentBatches: Int = 2,
        notificationInterval: Duration = .milliseconds(5), idleConnectionHold: Duration = .milliseconds(2)
    ) {
        self.maximumBatchRequests = maximumBatchRequests
        self.maximumBatchEvents = maximumBatchEvents
        self.concurrentBatches = concurrentBatches
        self.notificationInterval = notificationInterval
        self.idleConnectionHold = idleConnectionHold
    }
}
