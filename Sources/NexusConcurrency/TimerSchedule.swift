/// The deadlines of a ``TimerThread`` as a pure state machine: a min-heap of instants, the actions
/// of those not cancelled, and the instant the thread sleeps until, so that scheduling says
/// whether the thread must be woken. No clock, lock or thread: the caller passes `now` and acts
/// on the answers (postgres-nio's style), so every transition is unit-tested without waiting.
///
/// Cancelling removes the action at once (releasing what it holds) and leaves its heap entry,
/// which is dropped when it reaches the top. Most deadlines here are cancelled long before they
/// pass (a connection lease that arrives, a wait that is woken), so the thread wakes for at most
/// one of them per sleep and then skips all cancelled entries up to the next live one.
package struct TimerSchedule<Action> {
    /// Instants in nanoseconds of a monotonic clock; `UInt64.max` never passes.
    package typealias Instant = UInt64

    private var heap: [(at: Instant, id: UInt64)] = []
    private var actions: [UInt64: Action] = [:]
    private var nextID: UInt64 = 0
    /// The instant the thread sleeps until (`.max`: until woken); nil while it is awake.
    private var sleepingUntil: Instant?

    /// Nothing scheduled, the thread awake.
    package init() {}

    /// How many actions are scheduled and not cancelled.
    package var count: Int { actions.count }

    /// Schedules `action` at `at`; `wake` tells whether the sleeping thread must be woken to
    /// sleep until this earlier instant instead.
    package mutating func schedule(at: Instant, _ action: Action) -> (id: UInt64, wake: Bool) {
        let id = nextID
        nextID += 1
        actions[id] = action
        push((at, id))
        guard let sleepingUntil, at < sleepingUntil else { return (id, false) }
        self.sleepingUntil = at
        return (id, true)
    }

    /// Cancels `id`: returns its action (for the caller to release outside any lock), or nil when
    /// it already ran or was cancelled. Never needs the thread woken.
    package mutating func cancel(_ id: UInt64) -> Action? {
        actions.removeValue(forKey: id)
    }

    /// The thread woke: takes the actions due at `now`, in deadline order, and drops cancelled
    /// entries on the way.
    package mutating func takeDue(now: Instant) -> [Action] {
        sleepingUntil = nil
        var due: [Action] = []
        while let top = heap.first, top.at <= now {
            popTop()
            if let action = actions.removeValue(forKey: top.id) { due.append(action) }
        }
        return due
    }

    /// The thread goes to sleep: the instant of the next action not cancelled (`.max` when none),
    /// which it sleeps until unless a schedule wakes it earlier.
    package mutating func sleep() -> Instant {
        while let top = heap.first, actions[top.id] == nil { popTop() }
        let until = heap.first?.at ?? .max
        sleepingUntil = until
        return until
    }

    private mutating func push(_ entry: (at: Instant, id: UInt64)) {
        heap.append(entry)
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard Self.precedes(heap[child], heap[parent]) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func popTop() {
        let last = heap.removeLast()
        guard !heap.isEmpty else { return }
        heap[0] = last
        var parent = 0
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var first = parent
            if left < heap.count, Self.precedes(heap[left], heap[first]) { first = left }
            if right < heap.count, Self.precedes(heap[right], heap[first]) { first = right }
            guard first != parent else { return }
            heap.swapAt(parent, first)
            parent = first
        }
    }

    /// Earlier instant first; among equal instants, the earlier scheduled.
    private static func precedes(_ lhs: (at: Instant, id: UInt64), _ rhs: (at: Instant, id: UInt64)) -> Bool {
        lhs.at != rhs.at ? lhs.at < rhs.at : lhs.id < rhs.id
    }
}
