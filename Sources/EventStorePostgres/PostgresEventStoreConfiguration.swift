/// Settings for ``PostgresEventStore``.
public struct PostgresEventStoreConfiguration: Sendable {
    /// The most append requests committed together in one transaction (group commit). Default 256.
    public var maximumBatchRequests: Int
    /// The most events committed together in one transaction. Default 4096.
    public var maximumBatchEvents: Int

    /// Batches in flight at once, each on its own connection (default 8); their inserts,
    /// commits and WAL flushes overlap.
    public var concurrentBatches: Int

    public init(maximumBatchRequests: Int = 256, maximumBatchEvents: Int = 4096, concurrentBatches: Int = 8) {
        self.maximumBatchRequests = maximumBatchRequests
        self.maximumBatchEvents = maximumBatchEvents
        self.concurrentBatches = concurrentBatches
    }
}
