import Kafka
@testable import Projections
import Testing

@Suite("The projection worker's backlog of fetched messages")
struct ProjectionWorkerBacklogTests {
    static func messages(_ offsets: Range<Int64>) -> [KafkaMessage] {
        offsets.map { KafkaMessage(topic: "t", partition: 0, offset: $0, key: nil, value: [], headers: []) }
    }

    @Test func fetchesThatArrivedMeanwhileAreTakenTogetherInOrderUpToTheBatchSize() async throws {
        let backlog = ProjectionWorker.Backlog(batchSize: 5)
        await backlog.add(Self.messages(0..<2))
        await backlog.add(Self.messages(2..<3))
        await backlog.add(Self.messages(3..<7))
        #expect(try await backlog.take()?.map(\.offset) == [0, 1, 2, 3, 4])
        #expect(try await backlog.take()?.map(\.offset) == [5, 6])
        backlog.finish()
        #expect(try await backlog.take() == nil)
    }

    @Test func aTakeWaitsForTheNextFetchAndAFullBacklogHoldsTheFetcherBack() async throws {
        let backlog = ProjectionWorker.Backlog(batchSize: 3)
        let waiting = Task { try await backlog.take()?.map(\.offset) }
        await backlog.add(Self.messages(0..<3))
        #expect(try await waiting.value == [0, 1, 2])

        await backlog.add(Self.messages(3..<6))
        let held = Task { await backlog.add(Self.messages(6..<8)) }
        #expect(try await backlog.take()?.map(\.offset) == [3, 4, 5])
        await held.value
        #expect(try await backlog.take()?.map(\.offset) == [6, 7])
    }

    @Test func whatWasFetchedBeforeAFailureIsAppliedThenTheFailureSurfaces() async throws {
        struct Broken: Error {}
        let backlog = ProjectionWorker.Backlog(batchSize: 10)
        await backlog.add(Self.messages(0..<2))
        backlog.finish(throwing: Broken())
        #expect(try await backlog.take()?.count == 2)
        await #expect(throws: Broken.self) { try await backlog.take() }
    }
}
