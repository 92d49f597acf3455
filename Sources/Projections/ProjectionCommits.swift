import Metrics
import NexusConcurrency
import Synchronization

/// Tells waiters in this process that a projection worker committed applied events, so
/// read-your-writes queries re-check at once instead of on their next poll.
///
/// Each projection has a commit sequence that only grows. A waiter reads the sequence before it
/// checks the read model, and if the check falls short waits for the sequence to move past what it
/// read (or for its timeout): a commit between the read and the wait is never missed.
/// Workers in other processes do not signal here; waiters then rely on their timeout as a poll.
/// A commit also invalidates what it changed in this process's ``ReadCache`` (before waking the
/// waiters), without waiting for the `NOTIFY` that tells the caches of other processes.
public final class ProjectionCommits: Sendable {
    /// Commit sequences by projection; waiters wait on their projection's name.
    private let monitor = Monitor<[String: UInt64], String>([:])
    /// The read cache of this process, if any.
    public let readCache: ReadCache?
    /// When each projection's latest commit was signalled.
    private let lastCommit = Mutex<[String: ContinuousClock.Instant]>([:])
    private let commitToAnswer = Timer(label: ProjectionCommits.commitToAnswer)

    /// Seconds from a projection worker's commit to a read-your-writes query that waited for it
    /// having confirmed its position (taken from the projection's latest commit).
    package static let commitToAnswer = "nexus_read_commit_to_answer_seconds"

    /// Creates a signal with every sequence at 0, invalidating `readCache` on each commit.
    public init(readCache: ReadCache? = nil) {
        self.readCache = readCache
    }

    /// The commit sequence of `projection`: how many commits with applied events were signalled.
    public func sequence(of projection: String) -> UInt64 {
        monitor.withLock { $0.state[projection, default: 0] }
    }

    /// How many callers wait for a commit of `projection` right now.
    public func waiters(of projection: String) -> Int {
        monitor.withLock { $0.waiterCount(on: projection) }
    }

    /// Records a commit of `projection` that changed `change`: invalidates it in the read cache,
    /// then wakes the projection's waiters.
    public func committed(_ projection: String, changed change: ReadCacheChange = .none) {
        readCache?.invalidate(change)
        let now = ContinuousClock.now
        lastCommit.withLock { $0[projection] = now }
        monitor.withLock { locked in
            locked.state[projection, default: 0] += 1
            locked.wakeAll(on: projection)
        }
    }

    /// A read-your-writes query that waited for a commit of `projection` found its position
    /// reached: records the time since that projection's latest commit.
    public func answered(afterWaitingFor projection: String) {
        guard let last = lastCommit.withLock({ $0[projection] }) else { return }
        commitToAnswer.recordNanoseconds(Int64((ContinuousClock.now - last) / .nanoseconds(1)))
    }

    /// Returns once `projection`'s sequence is above `sequence`, after `timeout`, or on
    /// cancellation, whichever comes first (one continuation per wait, no child task: every
    /// read-your-writes request waits here after each commit of its projection).
    public func wait(for projection: String, after sequence: UInt64, upTo timeout: Duration) async {
        await monitor.wait(on: projection, upTo: timeout) { $0[projection, default: 0] > sequence }
    }
}
