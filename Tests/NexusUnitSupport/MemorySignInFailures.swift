public import Privacy
import Synchronization

/// `sign_in_failures` in memory: failures per account within a window that starts at the first
/// failure, measured on the continuous clock, without a database.
public final class MemorySignInFailures: SignInFailureStorage {
    private struct Window {
        var failures: Int
        var started: ContinuousClock.Instant
    }

    private let windows = Mutex<[String: Window]>([:])

    /// No failures yet.
    public init() {}

    public func retryAfter(_ account: String, limit: Int, window: Duration) async throws -> Int? {
        let now = ContinuousClock.now
        return windows.withLock { windows in
            guard let current = windows[account], current.failures >= limit, current.started + window > now else { return nil }
            let left = current.started + window - now
            return max(1, Int((Double(left.components.seconds) + Double(left.components.attoseconds) / 1e18).rounded(.up)))
        }
    }

    public func recordFailure(_ account: String, window: Duration) async throws {
        let now = ContinuousClock.now
        windows.withLock { windows in
            if let current = windows[account], current.started + window > now {
                windows[account]?.failures += 1
            } else {
                windows[account] = Window(failures: 1, started: now)
            }
        }
    }

    public func reset(_ account: String) async throws {
        _ = windows.withLock { $0.removeValue(forKey: account) }
    }
}
