import EventStorePostgres
public import ServiceLifecycle
import Synchronization

/// Running services and waiting, for integration tests.
public enum TestServices {
    /// Runs `services` while `body` runs, then cancels them in reverse order (clients before the
    /// servers they use) and waits for each to stop.
    public static func withRunning<T: Sendable>(
        _ services: [any Service], _ body: @Sendable () async throws -> T
    ) async throws -> T {
        let tasks = services.map { service in Task { try await service.run() } }
        defer {
            for task in tasks.reversed() { task.cancel() }
        }
        let result = try await body()
        for task in tasks.reversed() {
            task.cancel()
            _ = await task.result
        }
        return result
    }

    /// Fails with ``TimedOut`` if `body` has not finished after `limit` (a hang guard, not a speed check).
    public static func within<T: Sendable>(_ limit: Duration, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        do {
            return try await withDeadline(limit, body)
        } catch is DeadlineExceeded {
            throw TimedOut(limit: limit)
        }
    }

    /// Waits until `condition` holds, checking every 50 ms, failing after `limit`.
    public static func eventually(within limit: Duration = .seconds(30), _ condition: @escaping @Sendable () async throws -> Bool) async throws {
        try await within(limit) {
            while try await !condition() {
                try await Task.sleep(for: .milliseconds(50))
            }
        }
    }

    /// Whether `body` finishes within `limit`: a hang guard for waits that cancellation cannot
    /// end (a body still running then is left behind, so the test fails instead of hanging).
    public static func finishes(within limit: Duration = .seconds(30), _ body: @escaping @Sendable () async -> Void) async -> Bool {
        let done = Shared(false)
        Task {
            await body()
            done.update { $0 = true }
        }
        return (try? await eventually(within: limit) { done.update { $0 } }) != nil
    }

    /// A wait gave up.
    public struct TimedOut: Error, CustomStringConvertible {
        public var limit: Duration
        public var description: String { "gave up after \(limit)" }
    }
}

/// A value shared between test tasks behind a lock.
public final class Shared<Value: Sendable>: Sendable {
    private let storage: Mutex<Value>

    public init(_ value: Value) {
        storage = Mutex(value)
    }

    /// Mutates the value under the lock and returns the closure's result.
    public func update<R: Sendable>(_ body: (inout Value) -> R) -> R {
        storage.withLock { body(&$0) }
    }

    /// The current value.
    public var value: Value { storage.withLock { $0 } }
}
