package import NIOCore
package import PostgresNIO

/// Runs a task's jobs on a SwiftNIO event loop: a group-commit writer that prefers its
/// connection's event loop continues there when a query completes, instead of waking a thread
/// of the global pool, and its next query starts without a hop back.
package final class EventLoopTaskExecutor: TaskExecutor {
    let eventLoop: any EventLoop

    package init(_ eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    package func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        eventLoop.execute {
            job.runSynchronously(on: self.asUnownedTaskExecutor())
        }
    }
}

extension PostgresConnection {
    /// Runs `body` with the connection's event loop as preferred task executor: a loop of
    /// statements on this connection (a projection batch, a relay round) resumes on the thread
    /// that read each response instead of waking a pool thread, and sends the next statement
    /// without a hop back. Keep CPU-heavy work outside: it would hold up the loop's other channels.
    package func onEventLoop<Result, Failure: Error>(_ body: () async throws(Failure) -> Result) async throws(Failure) -> Result {
        try await withTaskExecutorPreference(EventLoopTaskExecutor(eventLoop), operation: body)
    }
}
