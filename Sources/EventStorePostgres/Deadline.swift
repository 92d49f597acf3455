/// Runs `body`, failing with ``DeadlineExceeded`` if it has not finished within `limit` (it is
/// then cancelled). For waits that must end in bounded time: `/ready` and `/metrics` checks, a
/// job's try, tests' hang guards.
package func withDeadline<T: Sendable>(_ limit: Duration, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: limit)
            throw DeadlineExceeded(limit: limit)
        }
        defer { group.cancelAll() }
        return try await group.next()!
    }
}

/// A ``withDeadline(_:_:)`` body ran out of time.
package struct DeadlineExceeded: Error, CustomStringConvertible {
    /// The time allowed.
    package var limit: Duration
    package var description: String { "timed out after \(limit)" }
}
