import EventStore
import EventStorePostgres
import Foundation
import NexusTestSupport
import Testing

@Suite("Bad input is refused with a typed error and writes nothing")
struct ValidationTests {
    static let badEvents: [(String, EventData, EventStoreError.Code)] = [
        ("an array", EventData(type: "Happened", data: Data("[1,2]".utf8)), .invalidEventData),
        ("a string", EventData(type: "Happened", data: Data(#""text""#.utf8)), .invalidEventData),
        ("broken JSON", EventData(type: "Happened", data: Data(#"{"n": "#.utf8)), .invalidEventData),
        ("a NUL escape, which jsonb refuses", EventData(type: "Happened", data: Data(#"{"s": "a\u0000b"}"#.utf8)), .invalidEventData),
        ("a lone surrogate escape", EventData(type: "Happened", data: Data(#"{"s": "\ud800"}"#.utf8)), .invalidEventData),
        ("invalid UTF-8", EventData(type: "Happened", data: Data([0x7B, 0x22, 0x73, 0x22, 0x3A, 0x22, 0xC0, 0xAF, 0x22, 0x7D])), .invalidEventData),
        ("empty type", EventData(type: "", data: Data("{}".utf8)), .invalidEventData),
        ("type with spaces", EventData(type: "Drop table", data: Data("{}".utf8)), .invalidEventData),
        ("schema version 0", EventData(type: "Happened", schemaVersion: 0, data: Data("{}".utf8)), .invalidEventData),
        ("oversized data", EventData(type: "Happened", data: Data(#"{"x": "\#(String(repeating: "a", count: 70_000))"}"#.utf8)), .eventTooLarge),
    ]

    @Test("malformed events", arguments: 0..<badEvents.count)
    func badEvent(index: Int) async throws {
        let (_, event, code) = Self.badEvents[index]
        try await TestDatabase.withEventStore(prefix: "bad_event") { store, _ in
            let good = Fixture.event()
            let request = AppendRequest(stream: try Fixture.stream(), expectedVersion: .any, events: [good, event])
            let error = await #expect(throws: EventStoreError.self) { try await store.append(request) }
            #expect(error?.code == code)
            #expect(try await store.headPosition() == 0)
        }
    }

    @Test("malformed requests: no streams, no events, a stream twice, bad idempotency keys, too many events")
    func badRequests() async throws {
        try await TestDatabase.withEventStore(prefix: "bad_request") { store, _ in
            let stream = try Fixture.stream()
            let requests = [
                AppendRequest(streams: []),
                AppendRequest(stream: stream, expectedVersion: .any, events: []),
                AppendRequest(streams: [
                    StreamAppend(stream: stream, expectedVersion: .any, events: Fixture.events(1)),
                    StreamAppend(stream: stream, expectedVersion: .any, events: Fixture.events(1)),
                ]),
                AppendRequest(stream: stream, expectedVersion: .any, events: Fixture.events(1), idempotencyKey: ""),
                AppendRequest(stream: stream, expectedVersion: .any, events: Fixture.events(1), idempotencyKey: String(repeating: "k", count: 201)),
                AppendRequest(stream: stream, expectedVersion: .any, events: Fixture.events(1), idempotencyKey: "tab\there"),
                AppendRequest(stream: stream, expectedVersion: .any, events: Fixture.events(1001)),
            ]
            for request in requests {
                let error = await #expect(throws: EventStoreError.self) { try await store.append(request) }
                #expect(error?.code == .invalidRequest)
            }
            #expect(try await store.headPosition() == 0)
        }
    }

    @Test("an event id recorded before is refused, and the rest of its batch still commits")
    func duplicateEventId() async throws {
        try await TestDatabase.withEventStore(prefix: "dup_event_id") { store, _ in
            let event = Fixture.event()
            _ = try await store.append(AppendRequest(stream: try Fixture.stream(), expectedVersion: .any, events: [event]))
            let duplicate = Task { try await store.append(AppendRequest(stream: try Fixture.stream(), expectedVersion: .any, events: [event])) }
            async let others = withThrowingTaskGroup(of: AppendResult.self) { group in
                for _ in 0..<10 {
                    group.addTask { try await store.append(AppendRequest(stream: try Fixture.stream(), expectedVersion: .noStream, events: Fixture.events(1))) }
                }
                return try await group.reduce(into: 0) { count, _ in count += 1 }
            }
            let error = await #expect(throws: EventStoreError.self) { _ = try await duplicate.value }
            #expect(error?.code == .invalidRequest)
            #expect(try await others == 10)
            #expect(try await store.headPosition() >= 11)
            #expect(try await store.readAll(after: 0, limit: 100).count == 11)
        }
    }
}
