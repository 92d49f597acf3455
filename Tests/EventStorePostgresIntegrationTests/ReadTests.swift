import EventStore
import EventStorePostgres
import Foundation
import NexusTestSupport
import Testing

@Suite("Reading streams and the global log")
struct ReadTests {
    @Test("read a stream forwards from a version with a limit")
    func readStream() async throws {
        try await TestDatabase.withEventStore(prefix: "read_stream") { store, _ in
            let stream = try Fixture.stream()
            let other = try Fixture.stream()
            let metadata = EventMetadata(correlationId: UUID(), causationId: UUID(), actor: "user-7")
            var events = Fixture.events(10)
            events[0].metadata = metadata
            _ = try await store.append(AppendRequest(stream: stream, expectedVersion: .noStream, events: events))
            _ = try await store.append(AppendRequest(stream: other, expectedVersion: .noStream, events: Fixture.events(2)))

            let page = try await store.readStream(stream, from: 4, limit: 3)
            #expect(page.map(\.version) == [4, 5, 6])
            #expect(page.map(\.id) == events[3..<6].map(\.id))
            #expect(page.allSatisfy { $0.stream == stream && $0.type == "Happened" && $0.schemaVersion == 1 })
            #expect(page.allSatisfy { $0.hash?.count == 64 })

            let first = try await store.readStream(stream, from: 1, limit: 1)[0]
            #expect(first.metadata == metadata)
            #expect(try JSONSerialization.jsonObject(with: first.data) as? [String: Int] == ["n": 1])
            #expect(try await store.readStream(stream, from: 11, limit: 5).isEmpty)
            #expect(try await store.readStream(try Fixture.stream(), from: 1, limit: 5).isEmpty)
        }
    }

    @Test("read all in global order from a checkpoint")
    func readAll() async throws {
        try await TestDatabase.withEventStore(prefix: "read_all") { store, _ in
            var appended: [UUID] = []
            for _ in 0..<5 {
                let events = Fixture.events(3)
                appended += events.map(\.id)
                _ = try await store.append(AppendRequest(stream: try Fixture.stream(), expectedVersion: .noStream, events: events))
            }
            var seen: [RecordedEvent] = []
            var checkpoint: Int64 = 0
            while case let page = try await store.readAll(after: checkpoint, limit: 4), !page.isEmpty {
                seen += page
                checkpoint = page.last!.position
            }
            #expect(seen.map(\.id) == appended)
            #expect(seen.map(\.position) == seen.map(\.position).sorted())
            #expect(try await store.readAll(after: seen[9].position, limit: 100).map(\.id) == Array(appended[10...]))
        }
    }
}

@Suite("Metadata round trip")
struct MetadataRoundTripTests {
    @Test("metadata with quotes, backslashes, control characters and unicode reads back unchanged")
    func awkwardMetadata() async throws {
        try await TestDatabase.withEventStore(prefix: "metadata_json") { store, _ in
            let stream = try Fixture.stream()
            var event = Fixture.event()
            event.metadata = EventMetadata(correlationId: UUID(), causationId: UUID(), actor: "a \"quoted\" \\ actor\n\t\u{01} — ✓")
            _ = try await store.append(AppendRequest(stream: stream, expectedVersion: .noStream, events: [event], idempotencyKey: "key \"1\""))
            let read = try await store.readStream(stream)[0]
            var expected = event.metadata
            expected.idempotencyKey = "key \"1\""
            #expect(read.metadata == expected)
        }
    }

    static let metadataCases: [EventMetadata] = [
        EventMetadata(),
        EventMetadata(actor: "user-1"),
        EventMetadata(correlationId: UUID(), causationId: UUID(), actor: "system", idempotencyKey: "k-1"),
        EventMetadata(actor: "slash / back \\ quote \" newline \n tab \t — ✓ 𝄞"),
        EventMetadata(actor: "bell \u{07} and escape \u{1B}"),
        EventMetadata(actor: "", idempotencyKey: "{\"not\": \"an object\"}"),
    ]

    @Test("every kind of metadata reads back unchanged through stream and global reads", arguments: 0..<metadataCases.count)
    func metadataKinds(index: Int) async throws {
        try await TestDatabase.withEventStore(prefix: "metadata_kinds") { store, _ in
            let stream = try Fixture.stream()
            var event = Fixture.event()
            event.metadata = Self.metadataCases[index]
            // The store records the request's idempotency key in the metadata.
            let request = AppendRequest(stream: stream, expectedVersion: .noStream, events: [event], idempotencyKey: event.metadata.idempotencyKey)
            _ = try await store.append(request)
            #expect(try await store.readStream(stream).map(\.metadata) == [event.metadata])
            #expect(try await store.readAll(after: 0, limit: 10).map(\.metadata) == [event.metadata])
        }
    }
}
