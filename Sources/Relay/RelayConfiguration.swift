/// Settings for `RelayService`, with documented defaults.
public struct RelayConfiguration: Sendable {
    /// Prefix of every topic name. Default `nexus.`.
    public var topicPrefix = "nexus."
    /// The CloudEvents `ce_source` of every message. Default `/nexus`.
    public var source = "/nexus"
    /// Name of the relay's row in the checkpoints table. Default `relay`.
    public var checkpointName = "relay"
    /// Events read, encoded and handed to the producer per batch. Default 10,000: a relay that is
    /// behind reads in pages this large (fewer round trips, one delivery wait per page); a relay
    /// that is caught up reads what was committed since its last page, usually far fewer.
    public var batchSize = 10_000
    /// Batches handed to the producer before the oldest must be acknowledged. Default 4.
    public var maximumBatchesInFlight = 4
    /// How often the store is polled when no notification arrives. Default 1 s.
    public var pollInterval: Duration = .seconds(1)
    /// First wait after a failed publish; doubles up to `maximumBackoff`. Default 100 ms.
    public var initialBackoff: Duration = .milliseconds(100)
    /// Longest wait between publish attempts. Default 5 s.
    public var maximumBackoff: Duration = .seconds(5)
    /// How long a standby queues for the publisher lock per attempt (PostgreSQL's `lock_timeout`).
    /// It is granted the moment the active relay's database session ends (on SIGKILL, when its
    /// connection closes), so this bounds only how long a stopping standby takes to notice. Default 1 s.
    public var standbyLockWait: Duration = .seconds(1)
    /// How long a relay waits before reconnecting after losing its database connection. Default 1 s.
    public var standbyRetryInterval: Duration = .seconds(1)
    /// The PostgreSQL advisory-lock key that elects the single active relay.
    public var advisoryLockKey: Int64 = 0x6E65_7875_735F_726C  // "nexus_rl"

    /// Creates a configuration with the documented defaults.
    public init() {}
}
