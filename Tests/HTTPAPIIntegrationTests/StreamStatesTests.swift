@testable import HTTPAPI
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

    @Test func aStateIsNeverReplacedByOneFoldedLessFar() {
        let states = StreamStates(capacity: 10)
        states.keep("inventory-A", StreamStates.Folded(state: 8, version: 3, lastPosition: 30))
        states.keep("inventory-A", StreamStates.Folded(state: 5, version: 2, lastPosition: 20))
        #expect(states.folded("inventory-A", as: Int.self)?.state == 8)
        #expect(states.folded("inventory-A", as: String.self) == nil, "each state type has its own entry")
        #expect(states.folded("inventory-B", as: Int.self) == nil)
    }

    @Test func aFullStoreStartsOverRatherThanGrowing() {
        let states = StreamStates(capacity: 2)
        states.keep("s-1", StreamStates.Folded(state: 1, version: 1, lastPosition: 1))
        states.keep("s-2", StreamStates.Folded(state: 2, version: 1, lastPosition: 2))
        states.keep("s-3", StreamStates.Folded(state: 3, version: 1, lastPosition: 3))
        #expect(states.folded("s-1", as: Int.self) == nil)
        #expect(states.folded("s-3", as: Int.self)?.state == 3)
    }
}
