import Foundation

/// A service's `run()` in the background of a test, stopped by cancellation when the test is done.
///
/// Stopping waits a bounded time: a `run()` that does not return within ``stopLimit`` of being
/// cancelled is reported on standard error and left behind, so that it cannot hold the whole
/// test run (which has no time limit of its own) until CI gives up.
public struct BackgroundRun: Sendable {
    /// How long ``stop()`` waits for `run()` to return after cancelling it.
    public static let stopLimit: Duration = .seconds(30)

    private let what: String
    private let task: Task<Void, Never>

    /// Starts `run` in a task of its own; `what` names it in the report of a stop that timed out.
    public init(_ what: String, _ run: @escaping @Sendable () async throws -> Void) {
        self.what = what
        task = Task { try? await run() }
    }

    /// Runs `body` while `run` runs in the background, then stops it, whether `body` succeeds or throws.
    public static func around<Result: Sendable>(
        _ what: String, _ run: @escaping @Sendable () async throws -> Void, _ body: () async throws -> Result
    ) async throws -> Result {
        let running = BackgroundRun(what, run)
        do {
            let result = try await body()
            await running.stop()
            return result
        } catch {
            await running.stop()
            throw error
        }
    }

    /// Cancels the run and waits until it returns, at most ``stopLimit``.
    public func stop() async {
        task.cancel()
        let (outcomes, continuation) = AsyncStream.makeStream(of: Bool.self)
        let task = self.task
        let waiter = Task { await task.value; continuation.yield(true) }
        let timer = Task { try? await Task.sleep(for: Self.stopLimit); continuation.yield(false) }
        var iterator = outcomes.makeAsyncIterator()
        let stopped = await iterator.next() ?? false
        continuation.finish()
        timer.cancel()
        if !stopped {
            waiter.cancel()
            let line = "warning: \(what).run() had not returned \(Self.stopLimit) after its cancellation; left running\n"
            FileHandle.standardError.write(Data(line.utf8))
        }
    }
}
