/// Wakes a waiting loop early: a signal sent while nobody waits is remembered for the next wait.
/// Used by the relay and the job workers.
public final class WakeSignal: Sendable {
    /// The state is whether a signal is pending; everyone waits on the one key.
    private let monitor = Monitor<Bool, Int>(false)

    /// Creates a signal with nothing pending.
    public init() {}

    /// Wakes whoever waits now, or else the next wait.
    public func signal() {
        monitor.withLock { locked in
            if locked.wakeAll(on: 0) == 0 { locked.state = true }
        }
    }

    /// Returns after a signal (at once if one is pending), after `timeout`, or on cancellation,
    /// whichever comes first.
    @discardableResult
    public func wait(upTo timeout: Duration) async -> WaitOutcome {
        await monitor.wait(on: 0, upTo: timeout) { pending in
            defer { pending = false }
            return pending
        }
    }
}
