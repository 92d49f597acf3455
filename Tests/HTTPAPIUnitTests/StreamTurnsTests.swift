@testable import HTTPAPI
import NexusTestSupport
import Testing

/// Commands on one stream run one at a time, in arrival order; other streams are not held up.
@Suite("Turns per stream")
struct StreamTurnsTests {
    @Test func oneStreamRunsOneBodyAtATime() async throws {
        let turns = StreamTurns()
        let running = Shared((now: 0, most: 0))
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 1...50 {
                group.addTask {
                    try await turns.inTurn(on: "inventory-A") {
                        running.update { $0.now += 1; $0.most = max($0.most, $0.now) }
                        await Task.yield()
                        try await Task.sleep(for: .milliseconds(1))
                        running.update { $0.now -= 1 }
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(running.value.most == 1)
    }

    @Test func otherStreamsDoNotWait() async throws {
        let turns = StreamTurns()
        let held = await Self.hold("inventory-A", on: turns)
        let other = try await turns.inTurn(on: "inventory-B") { "ran" }
        #expect(other == "ran", "inventory-B ran while inventory-A's turn was held")
        try await held.release()
        let again = try await turns.inTurn(on: "inventory-A") { "ran" }
        #expect(again == "ran", "the turn was passed on")
    }

    @Test func aThrowingBodyPassesTheTurnOn() async throws {
        struct Failure: Error {}
        let turns = StreamTurns()
        await #expect(throws: Failure.self) { try await turns.inTurn(on: "s") { throw Failure() } }
        #expect(try await turns.inTurn(on: "s") { 1 } == 1)
    }

    /// A command cancelled while it waits for its turn leaves the line: its body never runs and
    /// the turn goes to the next command.
    @Test func aCommandCancelledWhileWaitingLeavesTheLine() async throws {
        let turns = StreamTurns()
        let ran = Shared(false)
        let held = await Self.hold("s", on: turns)
        let waiting = Task { try await turns.inTurn(on: "s") { ran.update { $0 = true } } }
        try await TestServices.eventually(within: .seconds(30)) { turns.waiting(on: "s") == 1 }
        waiting.cancel()
        try await TestServices.eventually(within: .seconds(30)) { turns.waiting(on: "s") == 0 }
        try await held.release()
        await #expect(throws: CancellationError.self) { try await waiting.value }
        #expect(!ran.value, "the cancelled command's body never ran")
        #expect(try await turns.inTurn(on: "s") { 2 } == 2, "the turn is free again")
    }

    /// A turn held by another task until `release()`.
    struct HeldTurn {
        let holder: Task<Void, any Error>
        let releasing: AsyncStream<Void>.Continuation

        /// Ends the holder's turn and waits for it to pass the turn on.
        func release() async throws {
            releasing.yield()
            try await holder.value
        }
    }

    /// Takes `stream`'s turn in another task; returns once it holds it.
    static func hold(_ stream: String, on turns: StreamTurns) async -> HeldTurn {
        let (entered, enter) = AsyncStream<Void>.makeStream()
        let (released, release) = AsyncStream<Void>.makeStream()
        let holder = Task {
            try await turns.inTurn(on: stream) {
                enter.yield()
                for await _ in released { break }
            }
        }
        for await _ in entered { break }
        return HeldTurn(holder: holder, releasing: release)
    }
}
