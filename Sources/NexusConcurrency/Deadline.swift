import Dispatch

/// Runs a closure after a timeout on a dispatch timer, unless cancelled first: a wait's deadline
/// without a sleeping child task (the relay and read-your-writes queries wait after every commit,
/// and two child tasks per wait showed in a profile). Cancelling removes the timer at once.
///
/// `@unchecked`: a dispatch source may be used from any thread (libdispatch synchronises it),
/// but the Linux overlay does not mark `DispatchSourceTimer` `Sendable`; the timer is only
/// configured here and cancelled afterwards.
struct Deadline: @unchecked Sendable {
    private let timer: any DispatchSourceTimer

    /// Starts a timer that calls `expire` once `timeout` has passed.
    init(after timeout: Duration, _ expire: @escaping @Sendable () -> Void) {
        timer = DispatchSource.makeTimerSource(queue: .global())
        timer.setEventHandler(handler: expire)
        timer.schedule(deadline: Self.dispatchTime(after: timeout))
        timer.activate()
    }

    /// Stops the timer; `expire` is not called afterwards.
    func cancel() {
        timer.cancel()
    }

    /// `timeout` from now; one too long for dispatch's nanosecond count is never.
    static func dispatchTime(after timeout: Duration) -> DispatchTime {
        let (seconds, attoseconds) = timeout.components
        guard seconds > 0 || attoseconds > 0 else { return .now() }
        let (nanoseconds, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        guard !overflow, nanoseconds < Int64.max / 2 else { return .distantFuture }
        return .now() + .nanoseconds(Int(nanoseconds + attoseconds / 1_000_000_000))
    }
}
