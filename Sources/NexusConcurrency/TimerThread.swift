import Glibc

/// One thread that runs closures at deadlines: the timeouts of ``Monitor`` waits.
///
/// A dispatch timer per wait cost a source created, activated and cancelled per connection lease
/// and per read-your-writes wait, each a wake-up of dispatch's manager thread (an `eventfd` write
/// and a context switch), a few per cent of the service's CPU at 1,000 commands/s. Here a
/// deadline is an entry in one ``TimerSchedule`` under a lock: scheduling wakes the thread only
/// when the new deadline is earlier than the one it sleeps until, and cancelling never does.
///
/// The thread sleeps on a condition variable timed by `CLOCK_MONOTONIC`, is started on first use
/// and lives as long as the process. The closures run on it, so they must be short (resuming a
/// continuation).
package final class TimerThread: @unchecked Sendable {
    /// The process's timer thread.
    package static let shared = TimerThread()

    // @unchecked: `schedule` is only touched with `mutex` held; the pthread objects are allocated
    // once and never freed (the thread lives as long as the process).
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var schedule = TimerSchedule<@Sendable () -> Void>()

    private init() {
        pthread_mutex_init(mutex, nil)
        var attributes = pthread_condattr_t()
        pthread_condattr_init(&attributes)
        pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
        pthread_cond_init(condition, &attributes)
        pthread_condattr_destroy(&attributes)
        var thread = pthread_t()
        let started = pthread_create(
            &thread, nil,
            { argument in
                Unmanaged<TimerThread>.fromOpaque(argument!).takeUnretainedValue().run()
                return nil
            }, Unmanaged.passRetained(self).toOpaque())
        precondition(started == 0, "the timer thread could not start (pthread_create: \(started))")
        pthread_detach(thread)
    }

    /// Runs `action` on the timer thread once `timeout` has passed, unless cancelled first;
    /// returns the id to cancel it with.
    package func schedule(after timeout: Duration, _ action: @escaping @Sendable () -> Void) -> UInt64 {
        let at = Self.instant(after: timeout, from: Self.now())
        pthread_mutex_lock(mutex)
        let (id, wake) = schedule.schedule(at: at, action)
        pthread_mutex_unlock(mutex)
        if wake { pthread_cond_signal(condition) }
        return id
    }

    /// Cancels `id`: its action does not run afterwards (unless it is running already).
    package func cancel(_ id: UInt64) {
        pthread_mutex_lock(mutex)
        let action = schedule.cancel(id)
        pthread_mutex_unlock(mutex)
        withExtendedLifetime(action) {}  // released outside the lock
    }

    private func run() {
        pthread_mutex_lock(mutex)
        while true {
            let due = schedule.takeDue(now: Self.now())
            if !due.isEmpty {
                pthread_mutex_unlock(mutex)
                for action in due { action() }
                pthread_mutex_lock(mutex)
                continue
            }
            let until = schedule.sleep()
            if until == .max {
                pthread_cond_wait(condition, mutex)
            } else {
                var time = timespec(tv_sec: Int(until / 1_000_000_000), tv_nsec: Int(until % 1_000_000_000))
                pthread_cond_timedwait(condition, mutex, &time)
            }
        }
    }

    /// Now on `CLOCK_MONOTONIC`, in nanoseconds.
    package static func now() -> TimerSchedule<Void>.Instant {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }

    /// `timeout` after `now`; a negative timeout is `now`, and one past the clock's range never passes.
    package static func instant(after timeout: Duration, from now: TimerSchedule<Void>.Instant) -> TimerSchedule<Void>.Instant {
        let (seconds, attoseconds) = timeout.components
        guard seconds >= 0, attoseconds >= 0, seconds > 0 || attoseconds > 0 else { return now }
        let (nanoseconds, overflow) = UInt64(seconds).multipliedReportingOverflow(by: 1_000_000_000)
        guard !overflow else { return .max }
        let (total, overflowed) = nanoseconds.addingReportingOverflow(UInt64(attoseconds / 1_000_000_000))
        let (at, late) = now.addingReportingOverflow(total)
        return overflowed || late ? .max : at
    }
}
