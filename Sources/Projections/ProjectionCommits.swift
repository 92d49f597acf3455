import Dispatch
import Synchronization

/// Tells waiters in this process that a projection worker committed applied events, so
/// read-your-writes queries re-check at once instead of on their next poll.
///
/// Each projection has a commit sequence that only grows. A waiter reads the sequence before it
/// checks the read model, and if the check falls short waits for the sequence to move past what it
/// read (or for its timeout): a commit between the read and the wait is never missed.
/// Workers in other processes do not signal here; waiters then rely on their timeout as a poll.
public final class ProjectionCommits: Sendable {
    private struct State {
        var sequences: [String: UInt64] = [:]
        var waiters: [String: [UInt64: CheckedContinuation<Void, Never>]] = [:]
        var nextWaiter: UInt64 = 0
    }

    private let state = Mutex(State())

    /// Creates a signal with every sequence at 0.
    public init() {}

    /// The commit sequence of `projection`: how many commits with applied events were signalled.
    public func sequence(of projection: String) -> UInt64 {
        state.withLock { $0.sequences[projection, default: 0] }
    }

    /// How many callers wait for a commit of `projection` right now.
    public func waiters(of projection: String) -> Int {
        state.withLock { $0.waiters[projection]?.count ?? 0 }
    }

    /// Records a commit of `projection` and wakes its waiters.
    public func committed(_ projection: String) {
        let woken = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.sequences[projection, default: 0] += 1
            return state.waiters.removeValue(forKey: projection).map { Array($0.values) } ?? []
        }
        for continuation in woken { continuation.resume() }
    }

    /// Returns once `projection`'s sequence is above `sequence`, after `timeout`, or on
    /// cancellation, whichever comes first. The timeout is a dispatch timer rather than a
    /// sleeping child task: every read-your-writes request waits here after each commit of its
    /// projection, and two child tasks per wait showed in the profile.
    public func wait(for projection: String, after sequence: UInt64, upTo timeout: Duration) async {
        let id = state.withLock { state in
            state.nextWaiter += 1
            return state.nextWaiter
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state in
                    if state.sequences[projection, default: 0] > sequence || Task.isCancelled { return true }
                    state.waiters[projection, default: [:]][id] = continuation
                    return false
                }
                if resumeNow {
                    continuation.resume()
                } else {
                    let (seconds, attoseconds) = timeout.components
                    let nanoseconds = Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000)
                    DispatchQueue.global().asyncAfter(deadline: .now() + .nanoseconds(nanoseconds)) {
                        self.resume(id, of: projection)
                    }
                }
            }
        } onCancel: {
            resume(id, of: projection)
        }
    }

    /// Resumes waiter `id` if it is still waiting.
    private func resume(_ id: UInt64, of projection: String) {
        state.withLock { $0.waiters[projection]?.removeValue(forKey: id) }?.resume()
    }
}
