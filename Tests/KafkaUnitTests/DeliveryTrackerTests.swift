import NexusTestSupport
import Testing

@testable import Kafka

/// Delivery reports matched to the batches awaiting them, without a broker: reports come from
/// another thread in any order while tasks wait, are cancelled, or the producer closes. Hangs
/// are guarded by ``TestServices/finishes(within:_:)``: a lost wake fails the test.
@Suite("Delivery tracker")
struct DeliveryTrackerTests {
    typealias Outcome = DeliveryTracker.Outcome

    static func report(_ offset: Int64) -> Outcome {
        .success(KafkaDeliveryReport(partition: 0, offset: offset))
    }

    static func offsets(_ outcomes: [Outcome]) -> [Int64?] {
        outcomes.map { try? $0.get().offset }
    }

    static func id(_ batch: UInt, _ index: Int) -> UInt {
        DeliveryTracker.correlationID(batch: batch, index: index)
    }

    /// Awaits `batch` in a task of its own; the result lands in `results` under the batch id.
    static func await(_ batch: UInt, of tracker: DeliveryTracker, into results: Shared<[UInt: Result<[Int64?], any Error>]>) -> Task<Void, Never> {
        Task {
            do {
                let outcomes = try await tracker.wait(for: batch)
                results.update { $0[batch] = .success(Self.offsets(outcomes)) }
            } catch {
                results.update { $0[batch] = .failure(error) }
            }
        }
    }

    @Test func reportsBeforeTheWaitAreReturnedAtOnceInEnqueueOrderAndDuplicatesAreIgnored() async throws {
        let tracker = DeliveryTracker()
        let batch = try tracker.open(count: 3)
        tracker.record([(Self.id(batch, 2), Self.report(12))])
        tracker.record([(Self.id(batch, 0), Self.report(10)), (Self.id(batch, 2), Self.report(99)), (Self.id(batch, 1), Self.report(11))])
        #expect(Self.offsets(try await tracker.wait(for: batch)) == [10, 11, 12])
    }

    /// One delivery-report event can hold runs of several batches' reports, interleaved and
    /// repeated: each batch gets its own, first outcome per message, and each waiter wakes.
    @Test func reportsOfSeveralBatchesInOneEventGoToTheirOwnBatches() async throws {
        let tracker = DeliveryTracker()
        let (first, second) = (try tracker.open(count: 3), try tracker.open(count: 2))
        let results = Shared<[UInt: Result<[Int64?], any Error>]>([:])
        let waits = [Self.await(first, of: tracker, into: results), Self.await(second, of: tracker, into: results)]
        try await TestServices.eventually { tracker.waitingCount == 2 }
        tracker.record([
            (Self.id(first, 0), Self.report(10)), (Self.id(first, 1), Self.report(11)), (Self.id(second, 1), Self.report(21)),
            (Self.id(first, 0), Self.report(99)), (Self.id(second, 0), Self.report(20)), (Self.id(first, 2), Self.report(12)),
            (Self.id(second, 1), Self.report(98)),
        ])
        #expect(await TestServices.finishes(within: .seconds(60)) { for wait in waits { await wait.value } })
        let offsets = results.update { $0 }.mapValues { try? $0.get() }
        #expect(offsets[first] == [10, 11, 12])
        #expect(offsets[second] == [20, 21])
    }

    /// Many batches awaited at once while their reports arrive from another thread, last index
    /// first: each waiter wakes with its own outcomes once its last report is in.
    @Test func manyWaitersEachWakeForTheirOwnLastReport() async throws {
        let tracker = DeliveryTracker()
        let batches = try (0..<500).map { _ in try tracker.open(count: 4) }
        let results = Shared<[UInt: Result<[Int64?], any Error>]>([:])
        let waits = batches.map { Self.await($0, of: tracker, into: results) }
        try await TestServices.eventually { tracker.waitingCount == batches.count }
        await DedicatedThread.run(name: "reports") {
            for index in (0..<4).reversed() {
                for batch in batches.reversed() {
                    tracker.record([(Self.id(batch, index), Self.report(Int64(batch) * 10 + Int64(index)))])
                }
            }
        }
        #expect(await TestServices.finishes(within: .seconds(120)) { for wait in waits { await wait.value } })
        let offsets = results.update { $0 }.mapValues { try? $0.get() }
        for batch in batches {
            #expect(offsets[batch] == (0..<4).map { Int64(batch) * 10 + Int64($0) })
        }
    }

    @Test func cancellingAWaitingTaskEndsItsWaitAndLateReportsAreIgnored() async throws {
        let tracker = DeliveryTracker()
        let batch = try tracker.open(count: 2)
        let results = Shared<[UInt: Result<[Int64?], any Error>]>([:])
        let waiting = Self.await(batch, of: tracker, into: results)
        try await TestServices.eventually { tracker.waitingCount == 1 }
        waiting.cancel()
        #expect(await TestServices.finishes { await waiting.value })
        #expect(throws: CancellationError.self) { try results.update { $0[batch] }?.get() }
        tracker.record([(Self.id(batch, 0), Self.report(1)), (Self.id(batch, 1), Self.report(2))])
        await #expect(throws: KafkaError.self) { try await tracker.wait(for: batch) }
    }

    @Test func closingFailsWhatIsOutstandingForWaitingAndLaterWaitsAndRefusesNewBatches() async throws {
        let tracker = DeliveryTracker()
        let awaited = try tracker.open(count: 2)
        let notYetAwaited = try tracker.open(count: 1)
        tracker.record([(Self.id(awaited, 0), Self.report(5))])
        let results = Shared<[UInt: Result<[Int64?], any Error>]>([:])
        let waiting = Self.await(awaited, of: tracker, into: results)
        try await TestServices.eventually { tracker.waitingCount == 1 }
        tracker.close(with: KafkaError(code: .shutdown, message: "closed"))
        #expect(await TestServices.finishes { await waiting.value })
        #expect(try results.update { $0[awaited] }?.get() == [5, nil])
        #expect(Self.offsets(try await tracker.wait(for: notYetAwaited)) == [nil])
        #expect(throws: KafkaError.self) { try tracker.open(count: 1) }
    }

    /// Waiting batches completed, cancelled and closed at once: each wait ends exactly once (a
    /// second resume would trap) and none is left waiting.
    @Test func racingReportsCancellationsAndCloseEndEveryWait() async throws {
        let tracker = DeliveryTracker()
        let batches = try (0..<1_000).map { _ in try tracker.open(count: 1) }
        let results = Shared<[UInt: Result<[Int64?], any Error>]>([:])
        let waits = batches.map { Self.await($0, of: tracker, into: results) }
        try await TestServices.eventually { tracker.waitingCount == batches.count }
        async let reports: Void = DedicatedThread.run(name: "reports") {
            for batch in batches where batch % 2 == 0 {
                tracker.record([(Self.id(batch, 0), Self.report(Int64(batch)))])
            }
            tracker.close(with: KafkaError(code: .shutdown, message: "closed"))
        }
        for (index, wait) in waits.enumerated() where index % 3 == 0 { wait.cancel() }
        await reports
        #expect(await TestServices.finishes(within: .seconds(120)) { for wait in waits { await wait.value } })
        #expect(results.update { $0.count } == batches.count)
    }
}
