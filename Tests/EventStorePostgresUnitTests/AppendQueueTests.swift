import EventStore
import Foundation
import NexusTestSupport
import Synchronization
import Testing

@testable import EventStorePostgres

/// The group-commit queue between appending tasks and the writers, without a database.
@Suite("The group-commit queue hands requests to idle writers")
struct AppendQueueTests {
    typealias Outcome = Result<AppendResult, EventStoreError>

    /// The positions the test writers hand out: 1, 2, 3, … across writers.
    final class Positions: Sendable {
        private let last = Atomic<Int64>(0)

        func next() -> Int64 { last.add(1, ordering: .relaxed).newValue }

        /// How many were handed out.
        var count: Int { Int(last.load(ordering: .relaxed)) }
    }

    /// Queues an append of one event to `stream`; returns the task awaiting its result.
    private static func append(
        _ stream: String, to queue: AppendQueue, deadline: ContinuousClock.Instant = .now + .seconds(60)
    ) -> Task<Outcome, any Error> {
        Task {
            let request = AppendRequest(streams: [
                StreamAppend(stream: try StreamName(stream), expectedVersion: .any, events: [EventData(type: "Tested", data: Data(#"{"n":1}"#.utf8))])
            ])
            return await withCheckedContinuation { continuation in
                if !queue.enqueue(.init(request: request, continuation: continuation, deadline: deadline)) {
                    continuation.resume(returning: .failure(EventStoreError(.shutDown, "closed")))
                }
            }
        }
    }

    /// A writer as the store runs it, without a database: waits for work, answers one request
    /// at a time with its position, until the queue is closed and drained; returns how many it answered.
    private static func writer(for queue: AppendQueue, answered: Positions) -> Task<Int, Never> {
        Task {
            var count = 0
            while await queue.waitForWork() {
                for pending in queue.take(maximumRequests: 1, maximumEvents: 1) {
                    let position = answered.next()
                    pending.continuation.resume(returning: .success(AppendResult(streams: [], position: position)))
                    count += 1
                }
            }
            return count
        }
    }

    @Test func anIdleWriterWakesForARequestAndAClosedDrainedQueueStopsIt() async throws {
        let queue = AppendQueue()
        let writer = Task { await queue.waitForWork() }
        let appending = Self.append("s-1", to: queue)
        #expect(await writer.value, "woken for the request")
        let batch = queue.take(maximumRequests: 10, maximumEvents: 10)
        #expect(batch.map(\.request.streams[0].stream.rawValue) == ["s-1"])
        batch[0].continuation.resume(returning: .success(AppendResult(streams: [], position: 1)))
        #expect(try await appending.value.get().position == 1)
        let idle = Task { await queue.waitForWork() }
        queue.close()
        #expect(await idle.value == false, "closed and drained")
        let refused = try await Self.append("s-2", to: queue).value
        #expect(throws: EventStoreError.self) { try refused.get() }
    }

    @Test func aClosedQueueStillHandsOutWhatIsQueuedAndFailsTheRest() async throws {
        let queue = AppendQueue()
        let appending = Self.append("s-1", to: queue)
        #expect(await queue.waitForWork(), "returns once the request is queued")
        queue.close()
        #expect(await queue.waitForWork(), "a queued request is still handed out after close")
        queue.failRemaining()
        let failed = try await appending.value
        #expect(throws: EventStoreError.self) { try failed.get() }
    }

    @Test func aWriterCancelledWhileIdleClosesTheQueue() async {
        let queue = AppendQueue()
        let writer = Task { await queue.waitForWork() }
        writer.cancel()
        #expect(await writer.value == false)
        let refused = try? await Self.append("s-1", to: queue).value
        #expect(throws: EventStoreError.self) { try refused?.get() }
    }

    /// Many writers going idle and waking while many tasks append at once: every append is
    /// answered exactly once, and closing ends every writer. A wake lost between a writer's
    /// check and its wait leaves appends unanswered: the test then fails after its deadline (and
    /// releases them by failing what is left).
    @Test func racingAppendsAndIdleWritersAnswerEveryAppendOnce() async throws {
        let queue = AppendQueue()
        let answered = Positions()
        let writers = (0..<8).map { _ in Self.writer(for: queue, answered: answered) }
        let appends = 4_000
        let appending = (0..<appends).map { Self.append("s-\($0)", to: queue) }
        await #expect(throws: Never.self) { try await TestServices.eventually(within: .seconds(120)) { answered.count == appends } }
        queue.failRemaining()
        var positions = Set<Int64>()
        for task in appending {
            if let position = try? await task.value.get().position { positions.insert(position) }
        }
        #expect(positions == Set(1...Int64(appends)), "each append answered once")
        let served = await Self.total(of: writers)
        #expect(served == appends)
    }

    /// Cancelling one of many idle writers closes the queue: every other writer ends and new
    /// appends are refused. (If the others were not woken, the test fails after its deadline and
    /// then wakes them by closing the queue itself.)
    @Test func cancellingOneOfManyIdleWritersEndsThemAll() async throws {
        let queue = AppendQueue()
        let answered = Positions()
        let ended = Shared(0)
        let writers = (0..<16).map { _ in Self.writer(for: queue, answered: answered) }
        for writer in writers {
            Task {
                _ = await writer.value
                ended.update { $0 += 1 }
            }
        }
        _ = try await Self.append("s-0", to: queue).value.get()
        writers[5].cancel()
        await #expect(throws: Never.self) { try await TestServices.eventually(within: .seconds(60)) { ended.update { $0 } == writers.count } }
        queue.close()
        #expect(await Self.total(of: writers) == 1)
        let refused = try await Self.append("s-1", to: queue).value
        #expect(throws: EventStoreError.self) { try refused.get() }
    }

    private static func total(of writers: [Task<Int, Never>]) async -> Int {
        var total = 0
        for writer in writers { total += await writer.value }
        return total
    }
}
