import EventStore
import EventStorePostgres
import Foundation
import NexusTestSupport
import Testing

/// Global reads arrive as rows of column arrays (a thousand events a row) and are decoded by
/// Nexus itself; stream reads still arrive one row per event, decoded by PostgresNIO. The two
/// must give the same `RecordedEvent`s, byte for byte, for every kind of content.
@Suite("Global reads in rows of column arrays")
struct ColumnReadTests {
    /// Payload texts: non-ASCII in every UTF-8 length, JSON escapes, control characters.
    static let texts = ["Größe ✓ 𝄞 日本語", "quote \" backslash \\ slash / newline \n tab \t bell \u{07} escape \u{1B}", ""]
    /// A text near the size limit of event data: 60,000 bytes of two-byte characters.
    static let large = String(repeating: "é", count: 30_000)

    @Test("pages of every size read the log exactly as the row decoder reads its streams")
    func sameEventsAsTheRowDecoder() async throws {
        try await TestDatabase.withEventStore(prefix: "column_reads") { store, _ in
            var streams: [StreamName] = []
            for batch in 0..<9 {
                let stream = try Fixture.stream()
                streams.append(stream)
                let events = (0..<300).map { index in
                    let text = index % 100 == 0 ? Self.large : Self.texts[(batch + index) % Self.texts.count]
                    let object: [String: Any] = ["text": text, "n": index, "nested": ["a": [1, 2.5, true], "b": NSNull()]]
                    var event = EventData(
                        type: "Happened.v\(batch)", schemaVersion: 1 + index % 3,
                        data: try! JSONSerialization.data(withJSONObject: object, options: .sortedKeys))
                    if index % 4 == 0 {
                        event.metadata = EventMetadata(correlationId: UUID(), causationId: UUID(), actor: "Jürgen \"✓\" \\ \(index)")
                    }
                    return event
                }
                _ = try await store.append(AppendRequest(stream: stream, expectedVersion: .noStream, events: events))
            }
            var expected: [RecordedEvent] = []
            for stream in streams { expected += try await store.readStream(stream) }
            expected.sort { $0.position < $1.position }
            #expect(expected.count == 2_700)
            #expect(expected.contains { $0.data.count > 60_000 })

            for limit in [7, 999, 1_000, 1_001, 2_700, 5_000] {
                var read: [RecordedEvent] = []
                var position: Int64 = 0
                while case let page = try await store.readAll(after: position, limit: limit), let last = page.last {
                    #expect(page.count <= limit)
                    read += page
                    position = last.position
                }
                #expect(read == expected, "limit \(limit)")
            }
            #expect(try await store.readAll(after: expected[1_499].position, limit: 1_001) == Array(expected[1_500..<2_501]))
            #expect(try await store.readAll(after: expected.last!.position, limit: 1_000).isEmpty)
            #expect(try await store.readAll(after: 0, limit: 0).isEmpty)
        }
    }
}
