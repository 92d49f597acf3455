import EventStore
import Foundation
import Testing

@Suite("The in-memory event store keeps the store's append semantics")
struct InMemoryEventStoreTests {
    func event(_ n: Int = 1) -> EventData {
        EventData(type: "Happened", data: Data(#"{"n":\#(n)}"#.utf8))
    }

    @Test("conflicts name every mismatching stream and write nothing")
    func conflicts() async throws {
        let store = InMemoryEventStore()
        let a = try StreamName("test-a")
        let b = try StreamName("test-b")
        _ = try await store.append(AppendRequest(stream: a, expectedVersion: .noStream, events: [event()]))
        let error = await #expect(throws: EventStoreError.self) {
            try await store.append(AppendRequest(streams: [
                StreamAppend(stream: a, expectedVersion: .noStream, events: [event()]),
                StreamAppend(stream: b, expectedVersion: .exact(3), events: [event()]),
            ]))
        }
        #expect(error?.conflicts == [
            .init(stream: "test-a", expected: .noStream, actual: 1),
            .init(stream: "test-b", expected: .exact(3), actual: 0),
        ])
        #expect(try await store.readAll(after: 0, limit: 10).count == 1)
    }

    @Test("idempotent retries replay the first result")
    func idempotency() async throws {
        let store = InMemoryEventStore()
        let stream = try StreamName("test-a")
        let first = try await store.append(AppendRequest(stream: stream, expectedVersion: .noStream, events: [event()], idempotencyKey: "k"))
        let again = try await store.append(AppendRequest(stream: stream, expectedVersion: .noStream, events: [event()], idempotencyKey: "k"))
        #expect(again.isReplay && again.streams == first.streams)
        #expect(try await store.currentVersion(of: stream) == 1)
    }

    @Test("reads page through streams and the log")
    func reads() async throws {
        let store = InMemoryEventStore()
        let stream = try StreamName("test-a")
        _ = try await store.append(AppendRequest(stream: stream, expectedVersion: .any, events: (1...5).map(event)))
        #expect(try await store.readStream(stream, from: 2, limit: 2).map(\.version) == [2, 3])
        #expect(try await store.readStream(stream, from: 4, limit: .max).map(\.version) == [4, 5])
        #expect(try await store.readAll(after: 3, limit: .max).map(\.position) == [4, 5])
    }
}
