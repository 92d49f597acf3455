/// Runs a closure after a timeout on the ``TimerThread``, unless cancelled first: a wait's
/// deadline without a sleeping child task (the relay and read-your-writes queries wait after
/// every commit, and two child tasks per wait showed in a profile) and without a dispatch source
/// per wait (which showed in the next one). Cancelling removes the closure at once.
struct Deadline: Sendable {
    private let id: UInt64

    /// Starts a timer that calls `expire` once `timeout` has passed.
    init(after timeout: Duration, _ expire: @escaping @Sendable () -> Void) {
        id = TimerThread.shared.schedule(after: timeout, expire)
    }

    /// Stops the timer; `expire` is not called afterwards (unless it is running already).
    func cancel() {
        TimerThread.shared.cancel(id)
    }
}
