import NexusConcurrency
import Testing

/// The pure state of a bounded queue: order, batches up to a maximum, the end.
@Suite("Bounded queue state")
struct BoundedQueueTests {
    struct Failure: Error {}

    @Test func takesEverythingUpToTheMaximumInOrder() throws {
        var queue = BoundedQueue<Int>(capacity: 5)
        let appended = [queue.append(contentsOf: 0..<2), queue.append(contentsOf: 2..<3), queue.append(contentsOf: 3..<7)]
        #expect(appended == [true, true, true])
        #expect(queue.isFull)
        let first = try queue.take(upTo: 4).get()
        #expect(first == [0, 1, 2, 3])
        #expect(!queue.isFull)
        let second = try queue.take(upTo: 4).get()
        #expect(second == [4, 5, 6])
        let third = try queue.take(upTo: 4).get()
        #expect(third == [], "empty and not ended: wait")
        #expect(queue.hasSpace && !queue.canTake)
    }

    @Test func theEndComesAfterWhatIsLeft() throws {
        var queue = BoundedQueue<Int>(capacity: 2)
        _ = queue.append(contentsOf: [1, 2, 3])
        #expect(!queue.hasSpace)
        queue.finish()
        #expect(queue.hasSpace, "producers waiting for space go on once it ended")
        let appendedAfterEnd = queue.append(contentsOf: [4])
        #expect(!appendedAfterEnd, "nothing is appended after the end")
        let left = try queue.take(upTo: 10).get()
        #expect(left == [1, 2, 3])
        let end = try queue.take(upTo: 10).get()
        #expect(end == nil)
    }

    @Test func theEndCarriesItsErrorAndOnlyTheFirstCounts() {
        var queue = BoundedQueue<Int>(capacity: 2)
        queue.finish(throwing: Failure())
        queue.finish()
        let end = queue.take(upTo: 1)
        #expect(throws: Failure.self) { try end.get() }
    }

    @Test func aLongRunKeepsOrderAcrossCompaction() throws {
        var queue = BoundedQueue<Int>(capacity: 0)
        #expect(queue.capacity == 1)
        var next = 0
        var taken: [Int] = []
        for round in 0..<200 {
            _ = queue.append(contentsOf: next..<next + round % 7)
            next += round % 7
            taken += try queue.take(upTo: round % 5).get() ?? []
        }
        while let batch = try queue.take(upTo: 3).get(), !batch.isEmpty { taken += batch }
        #expect(taken == Array(0..<next))
    }
}
