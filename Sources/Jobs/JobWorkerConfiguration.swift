public import Foundation

/// Settings for ``JobWorker``, with documented defaults.
public struct JobWorkerConfiguration: Sendable {
    /// Jobs one worker runs at the same time. Default 4.
    public var concurrency = 4
    /// How often the queue is polled for due jobs while the worker has room. Default 1 s.
    public var pollInterval: Duration = .seconds(1)
    /// How long a claim lasts unless extended; the worker extends the claims of its running jobs
    /// every third of it, so a job runs again this long after its worker died. Default 30 s.
    public var claimLease: Duration = .seconds(30)
    /// The longest a try may run; then it is cancelled and counts as failed. Default 5 minutes.
    public var jobTimeout: Duration = .seconds(300)
    /// First wait after the database failed; doubles up to `maximumBackoff`. Default 100 ms.
    public var initialBackoff: Duration = .milliseconds(100)
    /// Longest wait between attempts to reach the database. Default 5 s.
    public var maximumBackoff: Duration = .seconds(5)
    /// How long finished (`done` or `dead`) jobs are kept before the worker deletes them
    /// (`NEXUS_JOB_RETENTION`). Default 7 days.
    public var retention: Duration = .seconds(7 * 24 * 3600)
    /// How often the worker deletes finished jobs older than `retention`. Default 1 minute.
    public var pruneInterval: Duration = .seconds(60)
    /// The most finished jobs one delete statement removes (each batch is a short transaction of
    /// its own; a round deletes batch after batch until one is not full). Default 1,000.
    public var pruneBatchSize = 1000
    /// Names this worker in `jobs.claimed_by`. Default: host name, process id and a random suffix.
    public var workerName = "\(ProcessInfo.processInfo.hostName.prefix(60)):\(ProcessInfo.processInfo.processIdentifier):\(UUID().uuidString.prefix(8))"

    /// Creates a configuration with the documented defaults.
    public init() {}
}
