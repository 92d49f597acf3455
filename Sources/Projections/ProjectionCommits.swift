import NexusConcurrency

/// Tells waiters in this process that a projection worker committed applied events, so
/// read-your-writes queries re-check at once instead of on their next poll.
///
/// Each projection has a commit sequence that only grows. A waiter reads the sequence before it
/// checks the read model, and if the check falls short waits for the sequence to move past what it
/// read (or for its timeout): a commit between the read and the wait is never missed.
/// Workers in other processes do not signal here; waiters then rely on their timeout as a poll.
public final class ProjectionCommits: Sendable {
    /// Commit sequences by projection; waiters wait on their projection's name.
    private let monitor = Monitor<[String: UInt64], String>([:])

    /// Creates a signal with every sequence at 0.
    public init() {}

    /// The commit sequence of `projection`: how many commits with applied events were signalled.
    public func sequence(of projection: String) -> UInt64 {
        monitor.withLock { $0.state[projection, default: 0] }
    }

    /// How many callers wait for a commit of `projection` right now.
    public func waiters(of projection: String) -> Int {
        monitor.withLock { $0.waiterCount(on: projection) }
    }

    /// Records a commit of `projection` and wakes its waiters.
    public func committed(_ projection: String) {
        monitor.withLock { locked in
            locked.state[projection, default: 0] += 1
            locked.wakeAll(on: projection)
        }
    }

    /// Returns once `projection`'s sequence is above `sequence`, after `timeout`, or on
    /// cancellation, whichever comes first (one continuation per wait, no child task: every
    /// read-your-writes request waits here after each commit of its projection).
    public func wait(for projection: String, after sequence: UInt64, upTo timeout: Duration) async {
        await monitor.wait(on: projection, upTo: timeout) { $0[projection, default: 0] > sequence }
    }
}
