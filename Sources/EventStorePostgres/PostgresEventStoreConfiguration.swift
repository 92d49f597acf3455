/// Settings for ``PostgresEventStore``.
public struct PostgresEventStoreConfiguration: Sendable {
    /// The most append requests committed together in one transaction (group commit). Default 256.
    public var maximumBatchRequests: Int
    /// The most events committed together in one transaction. Default 4096.
    public var maximumBatchEvents: Int

    public init(maximumBatchRequests: Int = 256, maximumBatchEvents: Int = 4096) {
        self.maximumBatchRequests = maximumBatchRequests
        self.maximumBatchEvents = maximumBatchEvents
    }
}
