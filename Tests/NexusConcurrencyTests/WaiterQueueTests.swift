import NexusConcurrency
import Testing

/// The pure bookkeeping of waiters: arrival order per key, and each waiter taken out once.
@Suite("Waiter queue")
struct WaiterQueueTests {
    @Test func waitersLeaveInArrivalOrderPerKey() {
        var queue = WaiterQueue<String, String>()
        for (name, key) in [("a1", "a"), ("b1", "b"), ("a2", "a"), ("a3", "a")] {
            queue.add(name, id: queue.nextID(), on: key)
        }
        #expect(queue.count(on: "a") == 3)
        #expect(queue.count == 4)
        #expect(queue.removeFirst(on: "a") == "a1")
        #expect(queue.removeLast(on: "a") == "a3")
        #expect(queue.count(on: "a") == 1)
        #expect(queue.removeAll(on: "a") == ["a2"])
        #expect(queue.removeLast(on: "a") == nil)
        #expect(queue.removeFirst(on: "a") == nil)
        #expect(queue.removeAll(on: "b") == ["b1"])
        #expect(queue.count == 0)
    }

    /// A monitor reserves a waiter's id before it queues the waiter, so two waits racing can queue
    /// a later id first: a cancellation or deadline must still find each waiter (a waiter it
    /// missed kept its task waiting for good).
    @Test func waitersQueuedOutOfIdOrderCanStillBeTakenOut() {
        var queue = WaiterQueue<Int, String>()
        let ids = (0..<4).map { _ in queue.nextID() }
        queue.add("first", id: ids[0], on: 0)
        queue.add("fourth", id: ids[3], on: 0)
        queue.add("second", id: ids[1], on: 0)
        queue.add("third", id: ids[2], on: 0)
        #expect(queue.remove(ids[1]) == "second")
        #expect(queue.remove(ids[2]) == "third")
        #expect(queue.remove(ids[3]) == "fourth")
        #expect(queue.remove(ids[0]) == "first")
        #expect(queue.count == 0)
    }

    @Test func aWaiterIsTakenOutOnlyOnce() {
        var queue = WaiterQueue<Int, String>()
        let first = queue.nextID()
        queue.add("first", id: first, on: 0)
        let second = queue.nextID()
        queue.add("second", id: second, on: 0)
        #expect(queue.remove(second) == "second")
        #expect(queue.remove(second) == nil, "a deadline after a cancellation finds nothing")
        #expect(queue.removeFirst(on: 0) == "first")
        #expect(queue.remove(first) == nil, "a cancellation after a wake finds nothing")
        #expect(queue.remove(queue.nextID()) == nil, "an id reserved but never added")
    }

    @Test func theFirstWaiterCanLeaveWhileOthersWait() {
        var queue = WaiterQueue<Int, String>()
        let ids = (0..<3).map { _ in queue.nextID() }
        for (index, id) in ids.enumerated() { queue.add("w\(index)", id: id, on: 0) }
        #expect(queue.remove(ids[0]) == "w0")
        #expect(queue.removeLast(on: 0) == "w2")
        #expect(queue.count(on: 0) == 1)
        queue.add("w3", id: queue.nextID(), on: 0)
        #expect(queue.removeFirst(on: 0) == "w1")
        #expect(queue.remove(ids[1]) == nil)
        #expect(queue.removeAll(on: 0) == ["w3"])
        #expect(queue.count == 0)
        #expect(queue.removeLast(on: 0) == nil)
    }

    @Test func removingFromTheMiddleKeepsTheOrder() {
        var queue = WaiterQueue<Int, Int>()
        var ids: [UInt64] = []
        for value in 0..<100 {
            let id = queue.nextID()
            ids.append(id)
            queue.add(value, id: id, on: value % 2)
        }
        for (value, id) in ids.enumerated() where value % 3 == 0 {
            #expect(queue.remove(id) == value)
        }
        #expect(queue.removeAll(on: 0) == (0..<100).filter { $0 % 2 == 0 && $0 % 3 != 0 })
        #expect(queue.removeAll(on: 1) == (0..<100).filter { $0 % 2 == 1 && $0 % 3 != 0 })
    }
}
