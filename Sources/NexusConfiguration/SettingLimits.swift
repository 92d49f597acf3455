import Logging

/// The ranges settings must lie in, whether they come from the environment, the configuration file
/// or a command-line option.
public enum SettingLimits {
    /// Ports (`NEXUS_HTTP_PORT`, `NEXUS_OPS_PORT`); 0 picks a free one.
    public static let port = 0...65535
    /// The database deadlines in milliseconds (`NEXUS_DB_*_MS`).
    public static let databaseMilliseconds = 1...3_600_000
    /// `NEXUS_READY_MAX_RELAY_LAG`, `NEXUS_READY_MAX_PROJECTION_LAG`.
    public static let readinessLag = 0...Int.max
    /// `NEXUS_BCRYPT_COST`.
    public static let bcryptCost = 4...31
    /// `NEXUS_JOB_CONCURRENCY`.
    public static let jobConcurrency = 1...256
    /// `NEXUS_WEBHOOK_MAX_ATTEMPTS`.
    public static let webhookAttempts = 1...100
    /// `NEXUS_ORDER_PAYMENT_TIMEOUT`: 1 s to 30 days.
    public static let orderPaymentTimeout: ClosedRange<Duration> = .seconds(1)...(.seconds(30 * 24 * 3600))
    /// `NEXUS_JOB_CLAIM_LEASE`: 1 s to 1 h.
    public static let jobClaimLease: ClosedRange<Duration> = .seconds(1)...(.seconds(3600))
    /// `NEXUS_JOB_POLL_INTERVAL`: 10 ms to 60 s.
    public static let jobPollInterval: ClosedRange<Duration> = .milliseconds(10)...(.seconds(60))
    /// `NEXUS_JOB_RETENTION`: 1 min to 3650 days.
    public static let jobRetention: ClosedRange<Duration> = .seconds(60)...(.seconds(3650 * 86400))
    /// `NEXUS_WEBHOOK_TIMEOUT`: 100 ms to 60 s.
    public static let webhookTimeout: ClosedRange<Duration> = .milliseconds(100)...(.seconds(60))
    /// `NEXUS_WEBHOOK_RETRY_BASE`: 10 ms to 24 h.
    public static let webhookRetryBase: ClosedRange<Duration> = .milliseconds(10)...(.seconds(24 * 3600))
    /// `NEXUS_WEBHOOK_RETRY_MAX`: 10 ms to 7 days.
    public static let webhookRetryMaximum: ClosedRange<Duration> = .milliseconds(10)...(.seconds(7 * 24 * 3600))
    /// `NEXUS_READ_CACHE_ENTRIES`: 0 (no cache) to 10,000,000.
    public static let readCacheEntries = 0...10_000_000
    /// `NEXUS_READ_CACHE_ENTRIES` when not set.
    public static let defaultReadCacheEntries = 10_000
    /// `NEXUS_LOG_LEVEL`: swift-log's levels.
    public static let logLevels = Logger.Level.allCases.map(\.rawValue)
}
