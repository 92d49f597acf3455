import NexusConcurrency
import Synchronization
import Testing

/// A wake signal wakes its waiter, is remembered when nobody waits, and bounds every wait.
@Suite("Wake signal")
struct WakeSignalTests {
    @Test func aSignalWithNobodyWaitingIsRememberedOnce() async {
        let wake = WakeSignal()
        wake.signal()
        wake.signal()
        #expect(await wake.wait(upTo: .seconds(60)) == .woken)
        #expect(await wake.wait(upTo: .milliseconds(10)) == .timedOut, "two signals before a wait count once")
    }

    @Test func aSignalWakesTheWaiter() async {
        let wake = WakeSignal()
        let waiting = Task { await wake.wait(upTo: .seconds(60)) }
        // Whether the signal comes before or after the wait begins, the waiter wakes.
        try? await Task.sleep(for: .milliseconds(5))
        wake.signal()
        #expect(await waiting.value == .woken)
    }

    @Test func cancellationEndsTheWait() async {
        let wake = WakeSignal()
        let waiting = Task { await wake.wait(upTo: .seconds(60)) }
        waiting.cancel()
        #expect(await waiting.value == .cancelled, "not a 60 s wait")
    }

    /// A loop that waits after each round of work, as the relay does, with signals from many
    /// tasks: every signal is followed by a wake (none lost), and the loop ends in time.
    @Test func aSignalledLoopNeverMissesWork() async throws {
        let wake = WakeSignal()
        let produced = Counter()
        let total = 10_000
        let seen = Task {
            var handled = 0
            while handled < total {
                handled = produced.value.load(ordering: .acquiring)
                if handled < total {
                    #expect(await wake.wait(upTo: .seconds(30)) == .woken, "a signal after the last check wakes the loop")
                }
            }
            return handled
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    for _ in 0..<total / 8 {
                        produced.value.add(1, ordering: .releasing)
                        wake.signal()
                        await Task.yield()
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(await seen.value == total)
    }

    /// A count shared between tasks.
    final class Counter: Sendable {
        let value = Atomic<Int>(0)
    }
}
