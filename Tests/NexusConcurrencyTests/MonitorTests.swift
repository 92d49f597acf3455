import NexusConcurrency
import Synchronization
import Testing

/// Waits end exactly once, by the first of a wake, the timeout and cancellation, under real races.
@Suite("Monitor")
struct MonitorTests {
    @Test func aReadyConditionDoesNotWait() async {
        let monitor = Monitor<Int, String>(1)
        #expect(await monitor.wait(on: "k", upTo: .seconds(60)) { $0 > 0 } == .woken)
        #expect(monitor.withLock { $0.waiterCount(on: "k") } == 0)
    }

    @Test func aWaiterWakesOnItsKeyOnly() async throws {
        let monitor = Monitor<Int, String>(0)
        let waiting = Task { await monitor.wait(on: "stock", upTo: .seconds(60)) }
        try await Self.eventually { monitor.withLock { $0.waiterCount(on: "stock") } == 1 }
        let othersWoken = monitor.withLock { $0.wakeAll(on: "products") }
        #expect(othersWoken == 0)
        let woken = monitor.withLock { $0.wakeFirst(on: "stock") }
        #expect(woken)
        #expect(await waiting.value == .woken)
    }

    @Test func aTimeoutEndsTheWaitAndLeavesNothingBehind() async {
        let monitor = Monitor<Int, Int>(0)
        let start = ContinuousClock.now
        #expect(await monitor.wait(on: 0, upTo: .milliseconds(20)) == .timedOut)
        #expect(ContinuousClock.now - start >= .milliseconds(20))
        #expect(monitor.withLock { $0.waiterCount(on: 0) } == 0)
    }

    @Test func aZeroOrHugeTimeoutIsHandled() async throws {
        let monitor = Monitor<Int, Int>(0)
        #expect(await monitor.wait(on: 0, upTo: .zero) == .timedOut)
        #expect(await monitor.wait(on: 0, upTo: .seconds(-5)) == .timedOut)
        let waiting = Task { await monitor.wait(on: 0, upTo: .seconds(Int64.max)) }
        try await Self.eventually { monitor.withLock { $0.waiterCount(on: 0) } == 1 }
        monitor.withLock { $0.wakeAll(on: 0) }
        #expect(await waiting.value == .woken)
    }

    @Test func cancellationEndsTheWait() async throws {
        let monitor = Monitor<Int, Int>(0)
        let waiting = Task { await monitor.wait(on: 0) }
        try await Self.eventually { monitor.withLock { $0.waiterCount(on: 0) } == 1 }
        waiting.cancel()
        #expect(await waiting.value == .cancelled)
        #expect(monitor.withLock { $0.waiterCount(on: 0) } == 0)
    }

    @Test func aWaitIgnoringCancellationEndsOnlyWhenWokenOrTimedOut() async throws {
        let monitor = Monitor<Int, Int>(0)
        let waiting = Task { await monitor.wait(on: 0, ignoringCancellation: true) }
        try await Self.eventually { monitor.withLock { $0.waiterCount(on: 0) } == 1 }
        waiting.cancel()
        try await Task.sleep(for: .milliseconds(50))
        #expect(monitor.withLock { $0.waiterCount(on: 0) } == 1, "still waiting")
        monitor.withLock { $0.wakeAll(on: 0) }
        #expect(await waiting.value == .woken)
        let timedOut = await Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return await monitor.wait(on: 0, upTo: .milliseconds(20), ignoringCancellation: true)
        }.value
        #expect(timedOut == .timedOut)
    }

    @Test func anAlreadyCancelledTaskDoesNotWait() async {
        let monitor = Monitor<Int, Int>(0)
        let outcome = await Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return await monitor.wait(on: 0)
        }.value
        #expect(outcome == .cancelled)
    }

    /// Many waiters, wakers, timeouts and cancellations at once: every wait ends exactly once
    /// (a second resume would trap) and nobody is left waiting.
    @Test func racingWakesTimeoutsAndCancellationsEndEveryWaitOnce() async throws {
        let monitor = Monitor<Int, Int>(0)
        let outcomes = Outcomes()
        let waiters = 2_000
        try await withThrowingTaskGroup(of: Void.self) { group in
            var tasks: [Task<Void, Never>] = []
            for index in 0..<waiters {
                let timeout: Duration? = index % 3 == 0 ? .microseconds(index % 500) : index % 3 == 1 ? .seconds(60) : nil
                tasks.append(Task {
                    let outcome = await monitor.wait(on: index % 4, upTo: timeout)
                    outcomes.counts.withLock { $0[outcome, default: 0] += 1 }
                })
            }
            for waker in 0..<4 {
                group.addTask {
                    for round in 0..<500 {
                        monitor.withLock { locked in
                            if round % 2 == 0 { locked.wakeFirst(on: waker) } else { locked.wakeAll(on: waker) }
                        }
                        await Task.yield()
                    }
                }
            }
            for (index, task) in tasks.enumerated() where index % 5 == 0 { task.cancel() }
            try await group.waitForAll()
            // What is still waiting (long or no timeout, not woken, not cancelled) is woken now.
            try await Self.eventually {
                _ = monitor.withLock { locked in (0..<4).map { locked.wakeAll(on: $0) } }
                return outcomes.counts.withLock { $0.values.reduce(0, +) } == waiters
            }
            for task in tasks { await task.value }
        }
        #expect(outcomes.counts.withLock { $0.values.reduce(0, +) } == waiters)
        #expect(monitor.withLock { locked in (0..<4).map { locked.waiterCount(on: $0) } } == [0, 0, 0, 0])
    }

    /// A condition checked and a wait started under one lock: a change in between is never
    /// missed, so ping-pong between two tasks never stalls.
    @Test func noWakeIsLostBetweenCheckAndWait() async throws {
        let monitor = Monitor<Int, Int>(0)
        let rounds = 5_000
        try await withThrowingTaskGroup(of: Void.self) { group in
            for parity in 0..<2 {
                group.addTask {
                    for round in stride(from: parity, to: rounds, by: 2) {
                        let outcome = await monitor.wait(on: parity, upTo: .seconds(30)) { $0 == round }
                        #expect(outcome == .woken)
                        monitor.withLock { locked in
                            locked.state += 1
                            locked.wakeAll(on: 1 - parity)
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(monitor.withLock { $0.state } == rounds)
    }

    struct NotYet: Error {}

    /// Outcomes counted across tasks.
    final class Outcomes: Sendable {
        let counts = Mutex<[WaitOutcome: Int]>([:])
    }

    /// Polls `condition` every millisecond for up to 30 s.
    static func eventually(_ condition: () -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        while !condition() {
            guard ContinuousClock.now < deadline else { throw NotYet() }
            try await Task.sleep(for: .milliseconds(1))
        }
    }
}
