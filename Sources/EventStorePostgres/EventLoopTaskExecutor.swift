import NIOCore

/// Runs a task's jobs on a SwiftNIO event loop: a group-commit writer that prefers its
/// connection's event loop continues there when a query completes, instead of waking a thread
/// of the global pool, and its next query starts without a hop back.
final class EventLoopTaskExecutor: TaskExecutor {
    let eventLoop: any EventLoop

    init(_ eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        eventLoop.execute {
            job.runSynchronously(on: self.asUnownedTaskExecutor())
        }
    }
}
