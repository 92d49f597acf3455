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
        let (entered, enter) = AsyncStream<Void>.makeStream()
        let (released, release) = AsyncStream<Void>.makeStream()
        let holder = Task {
            try await turns.inTurn(on: "inventory-A") {
                enter.yield()
                for await _ in released { break }
            }
        }
        for await _ in entered { break }
        let other = try await turns.inTurn(on: "inventory-B") { "ran" }
        #expect(other == "ran", "inventory-B ran while inventory-A's turn was held")
        release.yield()
        try await holder.value
        let again = try await turns.inTurn(on: "inventory-A") { "ran" }
        #expect(again == "ran", "the turn was passed on")
    }

    @Test func aThrowingBodyPassesTheTurnOn() async throws {
        struct Failure: Error {}
        let turns = StreamTurns()
        await #expect(throws: Failure.self) { try await turns.inTurn(on: "s") { throw Failure() } }
        #expect(try await turns.inTurn(on: "s") { 1 } == 1)
    }
}
