import NexusConcurrency
import Synchronization
import Testing

/// The process's timer thread, with real time: it sleeps until the earliest deadline and is
/// woken for an earlier one.
@Suite("Timer thread")
struct TimerThreadTests {
    /// Waits until `action` has been run by the timer thread, at most `limit` (then false);
    /// the limit is a task sleep, which does not use the timer thread.
    private static func ran(within limit: Duration, _ schedule: (@escaping @Sendable () -> Void) -> Void) async -> Bool {
        let (stream, continuation) = AsyncStream<Bool>.makeStream()
        schedule { continuation.yield(true) }
        return await withTaskGroup(of: Bool.self) { group in
            group.addTask { await stream.first { _ in true } ?? false }
            group.addTask {
                try? await Task.sleep(for: limit)
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            continuation.finish()
            return first
        }
    }

    @Test("a deadline earlier than the one the thread sleeps until wakes it and runs in time")
    func earlierDeadlineWakesTheThread() async {
        let far = TimerThread.shared.schedule(after: .seconds(600)) {}
        defer { TimerThread.shared.cancel(far) }
        // Let the thread go to sleep until the far deadline (or an earlier one of another test).
        try? await Task.sleep(for: .milliseconds(50))
        let start = ContinuousClock.now
        let ran = await Self.ran(within: .seconds(20)) { action in _ = TimerThread.shared.schedule(after: .milliseconds(30), action) }
        #expect(ran)
        #expect(ContinuousClock.now - start >= .milliseconds(30))
    }

    @Test("a cancelled action does not run; the others run once each")
    func cancelledDoNotRun() async {
        let runs = Runs()
        var cancelled: [Int] = []
        for index in 0..<1_000 {
            // Those to cancel are due later than the marker below, so none can run before its cancel.
            let cancel = index % 2 == 0
            let id = TimerThread.shared.schedule(after: .milliseconds(Int64(index % 40 + (cancel ? 1_000 : 0)))) { runs.add(index) }
            if cancel {
                TimerThread.shared.cancel(id)
                cancelled.append(index)
            }
        }
        let ran = await Self.ran(within: .seconds(20)) { action in _ = TimerThread.shared.schedule(after: .milliseconds(1_100), action) }
        #expect(ran)
        let counts = runs.counts
        #expect(counts.count == 500)
        #expect(counts.values.allSatisfy { $0 == 1 })
        #expect(cancelled.allSatisfy { counts[$0] == nil })
    }

    @Test("schedules and cancels racing from many tasks: each action not cancelled runs exactly once")
    func racing() async {
        let runs = Runs()
        let kept = await withTaskGroup(of: Int.self) { group in
            for task in 0..<8 {
                group.addTask {
                    var kept = 0
                    for index in 0..<500 {
                        let id = TimerThread.shared.schedule(after: .microseconds(Int64((task * 500 + index) % 2_000))) { runs.add(task * 500 + index) }
                        if index % 3 == 0 { TimerThread.shared.cancel(id) } else { kept += 1 }
                    }
                    return kept
                }
            }
            return await group.reduce(0, +)
        }
        // Cancelling an action that already ran does nothing, so the count is at least `kept`;
        // at most every action ran once.
        let ran = await Self.ran(within: .seconds(20)) { action in _ = TimerThread.shared.schedule(after: .milliseconds(50), action) }
        #expect(ran)
        let count = runs.counts.values.reduce(0, +)
        #expect(count >= kept && count <= 4_000, "\(count) runs, \(kept) kept")
        #expect(runs.counts.values.allSatisfy { $0 == 1 })
    }

    @Test("a timeout is taken from now: negative is now, too long never passes")
    func instants() {
        #expect(TimerThread.instant(after: .milliseconds(-5), from: 1_000) == 1_000)
        #expect(TimerThread.instant(after: .zero, from: 1_000) == 1_000)
        #expect(TimerThread.instant(after: .nanoseconds(1_500), from: 1_000) == 2_500)
        #expect(TimerThread.instant(after: .seconds(2), from: 7) == 2_000_000_007)
        #expect(TimerThread.instant(after: .seconds(Int64.max), from: 1) == .max)
        #expect(TimerThread.instant(after: .seconds(19_000_000_000), from: 1) == .max)
        #expect(TimerThread.instant(after: .seconds(1), from: .max - 10) == .max)
    }
}

/// How many times each action ran.
private final class Runs: Sendable {
    private let runs = Mutex<[Int: Int]>([:])
    func add(_ index: Int) { runs.withLock { $0[index, default: 0] += 1 } }
    var counts: [Int: Int] { runs.withLock { $0 } }
}
