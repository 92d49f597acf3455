import NexusConcurrency
import Synchronization
import Testing

/// The bounded queue keeps order under racing producers, holds producers while full, and ends
/// with what is left, then its error.
@Suite("Async bounded queue")
struct AsyncBoundedQueueTests {
    struct Failure: Error {}

    /// A flag shared between tasks.
    final class Flag: Sendable {
        let value = Atomic<Bool>(false)
    }

    @Test func theConsumerTakesWhatArrivedMeanwhileUpToTheMaximum() async throws {
        let queue = AsyncBoundedQueue<Int>(capacity: 5)
        await queue.append(contentsOf: [0, 1])
        await queue.append(contentsOf: [2])
        await queue.append(contentsOf: [3, 4, 5, 6])
        #expect(try await queue.next(upTo: 5) == [0, 1, 2, 3, 4])
        #expect(try await queue.next(upTo: 5) == [5, 6])
    }

    @Test func aProducerWaitsWhileTheQueueIsFull() async throws {
        let queue = AsyncBoundedQueue<Int>(capacity: 3)
        await queue.append(contentsOf: [0, 1, 2])
        let appended = Flag()
        let held = Task {
            await queue.append(contentsOf: [3, 4])
            appended.value.store(true, ordering: .sequentiallyConsistent)
        }
        try await Task.sleep(for: .milliseconds(50))
        let appendedEarly = appended.value.load(ordering: .sequentiallyConsistent)
        #expect(!appendedEarly, "a full queue holds the producer")
        #expect(try await queue.next(upTo: 2) == [0, 1])
        await held.value
        #expect(try await queue.next(upTo: 10) == [2, 3, 4])
    }

    @Test func aWaitingProducerCanBeCancelledOrTimedOut() async throws {
        let queue = AsyncBoundedQueue<Int>(capacity: 1)
        queue.appendWithoutWaiting(contentsOf: [0])
        #expect(await queue.waitForSpace(upTo: .milliseconds(10)) == .timedOut)
        let held = Task { await queue.append(contentsOf: [1]) }
        held.cancel()
        #expect(await held.value == false, "a cancelled producer appends nothing")
        #expect(try await queue.next(upTo: 10) == [0])
    }

    @Test func theEndComesAfterWhatIsLeftAndWakesEveryone() async throws {
        let queue = AsyncBoundedQueue<Int>(capacity: 1)
        await queue.append(contentsOf: [1])
        let producer = Task { await queue.append(contentsOf: [2]) }
        try await Task.sleep(for: .milliseconds(5))
        queue.finish(throwing: Failure())
        #expect(await producer.value == false)
        #expect(try await queue.next(upTo: 10) == [1])
        await #expect(throws: Failure.self) { try await queue.next(upTo: 10) }
        #expect(!queue.appendWithoutWaiting(contentsOf: [3]))
    }

    @Test func aCancelledConsumerGetsNilAndLeavesTheElements() async throws {
        let queue = AsyncBoundedQueue<Int>(capacity: 4)
        let consumer = Task { try await queue.next(upTo: 10) }
        consumer.cancel()
        #expect(try await consumer.value == nil)
        queue.appendWithoutWaiting(contentsOf: [7])
        #expect(try await queue.next(upTo: 10) == [7])
    }

    /// Producers racing a consumer that takes batches: every element arrives once, each
    /// producer's in its order, no batch is larger than asked, and the queue never holds more
    /// than its capacity plus one producer's batch per producer.
    @Test func racingProducersLoseNothingAndKeepTheirOrder() async throws {
        let queue = AsyncBoundedQueue<Int>(capacity: 64)
        let producers = 8
        let perProducer = 5_000
        let consumer = Task {
            var seen: [[Int]] = Array(repeating: [], count: producers)
            var largest = 0
            while let batch = try await queue.next(upTo: 100) {
                #expect(batch.count <= 100)
                largest = max(largest, queue.count)
                for element in batch { seen[element / perProducer].append(element % perProducer) }
            }
            return (seen, largest)
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for producer in 0..<producers {
                group.addTask {
                    var next = 0
                    while next < perProducer {
                        let size = min(1 + next % 13, perProducer - next)
                        let batch = (next..<next + size).map { producer * perProducer + $0 }
                        #expect(await queue.append(contentsOf: batch))
                        next += size
                    }
                }
            }
            try await group.waitForAll()
        }
        queue.finish()
        let (seen, largest) = try await consumer.value
        for producer in 0..<producers { #expect(seen[producer] == Array(0..<perProducer)) }
        #expect(largest <= 64 + producers * 13)
    }
}
