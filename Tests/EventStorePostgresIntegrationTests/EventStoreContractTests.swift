import EventStore
import Foundation
import Testing

/// What every ``EventStore`` promises, checked against each kind (``StoreKind``): appends,
/// expected versions, multi-stream atomicity, stream reads and the global order. The in-memory
/// store that the unit tier runs on is held to the same contract as PostgreSQL.
@Suite("The EventStore contract, alike in every store")
struct EventStoreContractTests {
    @Test("appends number a stream's events from 1 and return its version and position", arguments: StoreKind.allCases)
    func appendsNumberEvents(kind: StoreKind) async throws {
        try await kind.withStore("contract_append") { store in
            let stream = try Fixture.stream()
            let first = try await store.append(AppendRequest(stream: stream, expectedVersion: .noStream, events: Fixture.events(2)))
            #expect(first.streams.map(\.version) == [2])
            #expect(first.position == first.streams[0].position)
            #expect(!first.isReplay)
            let second = try await store.append(AppendRequest(stream: stream, expectedVersion: .exact(2), events: Fixture.events(1)))
            #expect(second.streams.map(\.version) == [3])
            #expect(second.position > first.position)
            let events = try await store.readStream(stream)
            #expect(events.map(\.version) == [1, 2, 3])
            #expect(events.map(\.stream) == [stream, stream, stream])
            #expect(try await store.currentVersion(of: stream) == 3)
        }
    }

    @Test("an event is read back as it was appended", arguments: StoreKind.allCases)
    func eventsReadBackAsAppended(kind: StoreKind) async throws {
        try await kind.withStore("contract_roundtrip") { store in
            let stream = try Fixture.stream()
            let metadata = EventMetadata(correlationId: UUID(), causationId: UUID(), actor: "tester")
            let event = EventData(type: "Shipped", schemaVersion: 2, data: Data(#"{"n":7}"#.utf8), metadata: metadata)
            _ = try await store.append(AppendRequest(stream: stream, expectedVersion: .any, events: [event]))
            let read = try #require(try await store.readStream(stream).first)
            #expect(read.id == event.id)
            #expect(read.type == "Shipped")
            #expect(read.schemaVersion == 2)
            #expect(try JSONSerialization.jsonObject(with: read.data) as? [String: Int] == ["n": 7])
            #expect(read.metadata == metadata)
        }
    }

    @Test("every expected version is checked, and a mismatch is a typed conflict that writes nothing", arguments: StoreKind.allCases)
    func expectedVersions(kind: StoreKind) async throws {
        try await kind.withStore("contract_expected") { store in
            let stream = try Fixture.stream()
            let refused: [ExpectedVersion] = [.streamExists, .exact(1)]
            for expected in refused {
                let error = await #expect(throws: EventStoreError.self) {
                    try await store.append(AppendRequest(stream: stream, expectedVersion: expected, events: Fixture.events(1)))
                }
                #expect(error?.code == .wrongExpectedVersion)
                #expect(error?.conflicts == [.init(stream: stream.rawValue, expected: expected, actual: 0)])
            }
            _ = try await store.append(AppendRequest(stream: stream, expectedVersion: .noStream, events: Fixture.events(1)))
            for expected in [ExpectedVersion.noStream, .exact(0), .exact(2)] {
                let error = await #expect(throws: EventStoreError.self) {
                    try await store.append(AppendRequest(stream: stream, expectedVersion: expected, events: Fixture.events(1)))
                }
                #expect(error?.conflicts.first?.actual == 1, "\(expected)")
            }
            for expected in [ExpectedVersion.streamExists, .exact(2), .any] {
                _ = try await store.append(AppendRequest(stream: stream, expectedVersion: expected, events: Fixture.events(1)))
            }
            #expect(try await store.readStream(stream).map(\.version) == [1, 2, 3, 4])
        }
    }

    @Test("several streams append together or not at all", arguments: StoreKind.allCases)
    func multiStreamAtomicity(kind: StoreKind) async throws {
        try await kind.withStore("contract_atomic") { store in
            let (order, stockA, stockB) = (try Fixture.stream("order"), try Fixture.stream("inventory"), try Fixture.stream("inventory"))
            _ = try await store.append(AppendRequest(stream: stockA, expectedVersion: .noStream, events: Fixture.events(1)))
            let conflicting = AppendRequest(streams: [
                StreamAppend(stream: order, expectedVersion: .noStream, events: Fixture.events(1)),
                StreamAppend(stream: stockA, expectedVersion: .exact(1), events: Fixture.events(1)),
                StreamAppend(stream: stockB, expectedVersion: .exact(5), events: Fixture.events(1)),
            ])
            let error = await #expect(throws: EventStoreError.self) { try await store.append(conflicting) }
            #expect(error?.code == .wrongExpectedVersion)
            #expect(error?.conflicts.map(\.stream) == [stockB.rawValue])
            #expect(try await store.readAll(after: 0, limit: 100).count == 1, "nothing of the refused request was written")
            let together = AppendRequest(streams: [
                StreamAppend(stream: order, expectedVersion: .noStream, events: Fixture.events(1)),
                StreamAppend(stream: stockA, expectedVersion: .exact(1), events: Fixture.events(1)),
                StreamAppend(stream: stockB, expectedVersion: .noStream, events: Fixture.events(2)),
            ])
            let result = try await store.append(together)
            #expect(result.streams.map(\.stream) == [order.rawValue, stockA.rawValue, stockB.rawValue])
            #expect(result.streams.map(\.version) == [1, 2, 2])
            #expect(result.position == result.streams.map(\.position).max())
            let all = try await store.readAll(after: 0, limit: 100)
            #expect(all.count == 5)
        }
    }

    @Test("stream reads start at a version and stop at a limit", arguments: StoreKind.allCases)
    func streamReads(kind: StoreKind) async throws {
        try await kind.withStore("contract_reads") { store in
            let stream = try Fixture.stream()
            _ = try await store.append(AppendRequest(stream: stream, expectedVersion: .noStream, events: Fixture.events(5)))
            #expect(try await store.readStream(stream, from: 2, limit: 2).map(\.version) == [2, 3])
            #expect(try await store.readStream(stream, from: 4, limit: 100).map(\.version) == [4, 5])
            #expect(try await store.readStream(stream, from: 6, limit: 100).isEmpty)
            #expect(try await store.readStream(try Fixture.stream()).isEmpty, "an unknown stream reads as empty")
            #expect(try await store.currentVersion(of: try Fixture.stream()) == 0)
        }
    }

    @Test("readAll returns every event once, in increasing position, resumable after any position", arguments: StoreKind.allCases)
    func readAllOrder(kind: StoreKind) async throws {
        try await kind.withStore("contract_read_all") { store in
            let streams = try (0..<3).map { _ in try Fixture.stream() }
            var appended: [UUID] = []
            for round in 0..<3 {
                for stream in streams {
                    let events = Fixture.events(2)
                    appended += events.map(\.id)
                    _ = try await store.append(AppendRequest(stream: stream, expectedVersion: .exact(Int64(round * 2)), events: events))
                }
            }
            let all = try await store.readAll(after: 0, limit: 1000)
            #expect(all.map(\.id) == appended)
            #expect(zip(all, all.dropFirst()).allSatisfy { $0.position < $1.position })
            var paged: [RecordedEvent] = []
            var after: Int64 = 0
            while true {
                let page = try await store.readAll(after: after, limit: 4)
                guard let last = page.last else { break }
                #expect(page.count <= 4)
                paged += page
                after = last.position
            }
            #expect(paged.map(\.id) == appended)
        }
    }
}
