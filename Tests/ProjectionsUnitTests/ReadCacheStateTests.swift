import Projections
import Testing

/// The read cache's state machine: hits and misses by position, bounded size with second-chance
/// eviction, invalidation, and the generation rule that keeps a read begun before an
/// invalidation from inserting the value it read.
@Suite("Read cache: state machine")
struct ReadCacheStateTests {
    typealias State = ReadCacheState<String, String>

    /// An enabled cache of `capacity` entries.
    private static func cache(_ capacity: Int = 4) -> State {
        var state = State(capacity: capacity)
        state.enable()
        return state
    }

    /// Reads `key` as a miss would: begin, then insert `value` read at `position`.
    @discardableResult
    private static func store(_ state: inout State, _ key: String, _ value: String, at position: Int64 = 10) -> State.Outcome {
        let ticket = state.begin(key)
        return state.finish(ticket, with: value, position: position)
    }

    private static func hit(_ state: inout State, _ key: String, atLeast position: Int64? = nil) -> String? {
        if case .hit(let entry) = state.lookup(key, atLeast: position) { return entry.value }
        return nil
    }

    @Test func aStoredValueIsServedUntilItsKeyIsInvalidated() {
        var state = Self.cache()
        #expect(Self.hit(&state, "a") == nil)
        #expect(Self.store(&state, "a", "one").inserted)
        #expect(Self.hit(&state, "a") == "one")
        #expect(state.invalidate(["a", "b"]).invalidated == 1)
        #expect(Self.hit(&state, "a") == nil)
        #expect(state.count == 0)
    }

    @Test func anEntryAnswersOnlyRequestsAtOrBelowItsPosition() {
        var state = Self.cache()
        Self.store(&state, "a", "one", at: 10)
        #expect(Self.hit(&state, "a", atLeast: 10) == "one")
        #expect(Self.hit(&state, "a", atLeast: 11) == nil)
        #expect(state.count == 1, "a newer minPosition reads the read model; the entry stays for others")
        Self.store(&state, "a", "two", at: 12)
        #expect(Self.hit(&state, "a", atLeast: 11) == "two")
        Self.store(&state, "a", "older", at: 11)
        #expect(Self.hit(&state, "a") == "two", "an entry at a higher position is not replaced by an older read")
    }

    /// The classic race: a read begins, a commit invalidates the key, then the read (which saw the
    /// value before the commit) tries to insert. It must not.
    @Test func aReadBegunBeforeAnInvalidationCannotInsertAfterIt() {
        var state = Self.cache()
        let stale = state.begin("a")
        state.invalidate(["a"])
        let fresh = state.begin("a")
        #expect(state.finish(stale, with: "before the commit", position: 10).inserted == false)
        #expect(Self.hit(&state, "a") == nil)
        #expect(state.finish(fresh, with: "after the commit", position: 11).inserted)
        #expect(Self.hit(&state, "a") == "after the commit")
        #expect(state.pendingKeys == 0)
    }

    @Test func anInvalidationOfAnotherKeyDoesNotRejectARead() {
        var state = Self.cache()
        let ticket = state.begin("a")
        state.invalidate(["b"])
        #expect(state.finish(ticket, with: "one", position: 10).inserted)
    }

    @Test func aClearRejectsEveryReadInFlight() {
        var state = Self.cache()
        let a = state.begin("a")
        let b = state.begin("b")
        Self.store(&state, "c", "three")
        #expect(state.clear().invalidated == 1)
        #expect(state.finish(a, with: "one", position: 10).inserted == false)
        #expect(state.finish(b, with: "two", position: 10).inserted == false)
        #expect(state.count == 0)
    }

    /// While the invalidation feed is down nothing is served or stored; when it is back, reads
    /// begun while it was down (which may have missed a change) are refused too.
    @Test func aDisabledCacheBypassesAndReEnablingRefusesReadsBegunBefore() {
        var state = Self.cache()
        Self.store(&state, "a", "one")
        state.disable()
        guard case .bypass = state.lookup("a", atLeast: nil) else { Issue.record("a disabled cache must bypass"); return }
        let during = state.begin("a")
        #expect(state.finish(during, with: "one", position: 10).inserted == false)
        let spanning = state.begin("a")
        state.enable()
        #expect(state.finish(spanning, with: "stale", position: 10).inserted == false)
        #expect(Self.hit(&state, "a") == nil, "enabling starts empty")
        #expect(Self.store(&state, "a", "fresh").inserted)
    }

    @Test func aNewCacheIsDisabledAndCapacityZeroKeepsNothing() {
        var fresh = State(capacity: 4)
        guard case .bypass = fresh.lookup("a", atLeast: nil) else { Issue.record("a new cache must bypass until enabled"); return }
        var none = Self.cache(0)
        #expect(Self.store(&none, "a", "one").inserted == false)
        guard case .bypass = none.lookup("a", atLeast: nil) else { Issue.record("capacity 0 must bypass"); return }
    }

    @Test func theSizeIsBoundedAndRecentlyUsedEntriesSurvive() {
        var state = Self.cache(3)
        for key in ["a", "b", "c"] { Self.store(&state, key, key) }
        #expect(Self.hit(&state, "a") == "a")
        #expect(Self.store(&state, "d", "d").evicted == 1)
        #expect(state.count == 3)
        #expect(Self.hit(&state, "a") == "a", "the entry used since it was stored gets a second chance")
        #expect(Self.hit(&state, "b") == nil, "the oldest unused entry is evicted")
        for index in 0..<100 { Self.store(&state, "k\(index)", "v") }
        #expect(state.count == 3)
    }

    @Test func slotsFreedByInvalidationAreReusedWithoutEviction() {
        var state = Self.cache(2)
        Self.store(&state, "a", "a")
        Self.store(&state, "b", "b")
        state.invalidate(["a"])
        #expect(Self.store(&state, "c", "c").evicted == 0)
        #expect(Self.hit(&state, "b") == "b")
        #expect(Self.hit(&state, "c") == "c")
    }

    @Test func aFailedReadLeavesNothingPending() {
        var state = Self.cache()
        let first = state.begin("a")
        let second = state.begin("a")
        state.invalidate(["a"])
        state.finish(first, with: nil, position: 0)
        #expect(state.pendingKeys == 1)
        state.finish(second, with: nil, position: 0)
        #expect(state.pendingKeys == 0)
    }
}
