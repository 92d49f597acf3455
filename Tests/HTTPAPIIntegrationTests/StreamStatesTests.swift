@testable import HTTPAPI
import NexusTestSupport
import Testing

/// Commands decide from the aggregate state kept in memory plus the events appended since.
@Suite("Aggregate states kept between commands")
struct StreamStatesTests {
    @Test func aDecisionSeesEventsAnotherServerAppendedAfterTheStateWasKept() async throws {
        try await APIHarness.run("http_states_remote") { api in
            let admin = try await api.token()
            try await api.product("KEPT-1", stock: 5, admin: admin)
            try await api.onAnotherServer { other in
                let receipt = try await other.send(.post, "/inventory/KEPT-1/receipts", json: #"{"quantity":3}"#)
                #expect(receipt.status == .ok)
            }
            let all = try await api.send(.post, "/inventory/KEPT-1/adjustments", json: #"{"delta":-8,"reason":"lost"}"#, token: admin)
            #expect(all.status == 200, "the 3 units received elsewhere count: \(all.text)")
            #expect(all.int("version") == 3)
            let more = try await api.send(.post, "/inventory/KEPT-1/adjustments", json: #"{"delta":-1,"reason":"lost"}"#, token: admin)
            #expect(more.status == 409, "nothing is left: \(more.text)")
        }
    }

    @Test func aFreshStateIsDecidedFromWithoutReadingItsStreams() async throws {
        try await Self.counting("http_states_fresh", freshness: .seconds(600)) { api, counter, admin in
            try await api.product("FRESH-1", stock: 5, admin: admin)
            let reads = (counter.reads(of: "inventory-FRESH-1"), counter.reads(of: "product-FRESH-1"))
            for expected in 2...4 {
                let receipt = try await api.send(.post, "/inventory/FRESH-1/receipts", json: #"{"quantity":1}"#, token: admin)
                #expect(receipt.status == 200)
                #expect(receipt.int("version") == expected, "each receipt moves the kept state on: \(receipt.text)")
            }
            #expect(counter.reads(of: "inventory-FRESH-1") == reads.0, "the kept inventory state was fresh")
            #expect(counter.reads(of: "product-FRESH-1") == reads.1, "the kept product state was fresh")
            let all = try await api.send(.post, "/inventory/FRESH-1/adjustments", json: #"{"delta":-8,"reason":"lost"}"#, token: admin)
            #expect(all.status == 200, "5 + 3 units are on hand: \(all.text)")
        }
    }

    @Test func aFreshStateAnotherServerMovedOnLosesTheVersionCheckAndTheCommandIsDecidedAgain() async throws {
        try await Self.counting("http_states_stale", freshness: .seconds(600)) { api, counter, admin in
            try await api.product("STALE-1", stock: 5, admin: admin)
            try await api.onAnotherServer { other in
                let receipt = try await other.send(.post, "/inventory/STALE-1/receipts", json: #"{"quantity":3}"#)
                #expect(receipt.status == .ok)
            }
            let reads = counter.reads(of: "inventory-STALE-1")
            let receipt = try await api.send(.post, "/inventory/STALE-1/receipts", json: #"{"quantity":1}"#, token: admin)
            #expect(receipt.status == 200, "\(receipt.text)")
            #expect(receipt.int("version") == 3, "decided again after reading the other server's receipt: \(receipt.text)")
            #expect(counter.reads(of: "inventory-STALE-1") == reads + 1, "one read, after the version conflict")
            let all = try await api.send(.post, "/inventory/STALE-1/adjustments", json: #"{"delta":-9,"reason":"lost"}"#, token: admin)
            #expect(all.status == 200, "5 + 3 + 1 units are on hand: \(all.text)")
        }
    }

    @Test func concurrentCommandsOnOneStreamTakeTurnsInsteadOfRacing() async throws {
        try await Self.counting("http_states_turns", freshness: .seconds(600)) { api, counter, admin in
            try await api.product("TURN-1", stock: 1, admin: admin)
            let reads = counter.reads(of: "inventory-TURN-1")
            let versions = try await withThrowingTaskGroup(of: Int?.self) { group in
                for _ in 1...20 {
                    group.addTask {
                        try await api.send(.post, "/inventory/TURN-1/receipts", json: #"{"quantity":1}"#, token: admin).int("version")
                    }
                }
                return try await group.reduce(into: [Int?]()) { $0.append($1) }
            }
            #expect(Set(versions) == Set((2...21).map(Optional.some)), "every receipt was appended once, in turn")
            #expect(counter.reads(of: "inventory-TURN-1") == reads, "no receipt lost a version race and had to read")
        }
    }

    @Test func aRefusalIsNeverDecidedFromMemory() async throws {
        try await Self.counting("http_states_refusal", freshness: .seconds(600)) { api, counter, admin in
            try await api.product("REFUSE-1", stock: 2, admin: admin)
            let reads = counter.reads(of: "inventory-REFUSE-1")
            let refused = try await api.send(.post, "/inventory/REFUSE-1/adjustments", json: #"{"delta":-3,"reason":"lost"}"#, token: admin)
            #expect(refused.status == 409, "\(refused.text)")
            #expect(counter.reads(of: "inventory-REFUSE-1") == reads + 1, "the refusal was checked against the stream")
        }
    }

    @Test func withoutFreshnessEveryDecisionReadsItsStreams() async throws {
        try await Self.counting("http_states_unfresh", freshness: .zero) { api, counter, admin in
            try await api.product("READ-1", stock: 5, admin: admin)
            let reads = (counter.reads(of: "inventory-READ-1"), counter.reads(of: "product-READ-1"))
            for _ in 1...3 {
                let receipt = try await api.send(.post, "/inventory/READ-1/receipts", json: #"{"quantity":1}"#, token: admin)
                #expect(receipt.status == 200)
            }
            #expect(counter.reads(of: "inventory-READ-1") == reads.0 + 3)
            #expect(counter.reads(of: "product-READ-1") == reads.1 + 3)
        }
    }

    @Test func aStateIsNeverReplacedByOneFoldedLessFar() {
        let states = StreamStates(capacity: 10)
        states.keep("inventory-A", StreamStates.Folded(state: 8, version: 3, lastPosition: 30))
        states.keep("inventory-A", StreamStates.Folded(state: 5, version: 2, lastPosition: 20))
        #expect(states.folded("inventory-A", as: Int.self)?.state == 8)
        #expect(states.folded("inventory-A", as: String.self) == nil, "each state type has its own entry")
        #expect(states.folded("inventory-B", as: Int.self) == nil)
    }

    @Test func aStateIsFreshForItsWindowAfterConfirmationUntilDistrusted() throws {
        let states = StreamStates(capacity: 10, freshness: .seconds(1))
        let confirmed = ContinuousClock.now
        states.keep("inventory-A", StreamStates.Folded(state: 8, version: 3, lastPosition: 30, confirmed: confirmed))
        let kept = try #require(states.folded("inventory-A", as: Int.self))
        #expect(states.isFresh(kept, at: confirmed + .milliseconds(999)))
        #expect(!states.isFresh(kept, at: confirmed + .seconds(1)))
        states.distrust("inventory-A")
        let distrusted = try #require(states.folded("inventory-A", as: Int.self))
        #expect(distrusted.state == 8, "the state stays, to be read on from")
        #expect(!states.isFresh(distrusted, at: confirmed))
        states.keep("inventory-A", StreamStates.Folded(state: 8, version: 3, lastPosition: 30, confirmed: confirmed))
        #expect(states.isFresh(try #require(states.folded("inventory-A", as: Int.self)), at: confirmed), "a read confirms it again")
    }

    @Test func aFullStoreStartsOverRatherThanGrowing() {
        let states = StreamStates(capacity: 2)
        states.keep("s-1", StreamStates.Folded(state: 1, version: 1, lastPosition: 1))
        states.keep("s-2", StreamStates.Folded(state: 2, version: 1, lastPosition: 2))
        states.keep("s-3", StreamStates.Folded(state: 3, version: 1, lastPosition: 3))
        #expect(states.folded("s-1", as: Int.self) == nil)
        #expect(states.folded("s-3", as: Int.self)?.state == 3)
    }

    /// Runs `body` on an API whose kept states stay fresh for `freshness`, with the counter of
    /// its stream reads and an admin token.
    static func counting(
        _ prefix: String, freshness: Duration, _ body: @Sendable (APIHarness, ForwardingEventStore, String) async throws -> Void
    ) async throws {
        try await APIHarness.run(prefix, configure: { $0.streamStateFreshness = freshness }, commandStore: { ForwardingEventStore($0) }) { api in
            try await body(api, try #require(api.commandStore as? ForwardingEventStore), try await api.token())
        }
    }
}
