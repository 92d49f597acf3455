import EventStore
import EventStorePostgres
import Foundation
import NexusTestSupport
import Testing

/// Pins `nexus export`'s bytes: every line equals what the first writer produced through
/// `JSONEncoder` (sorted keys) and `Date.ISO8601FormatStyle`, rebuilt here from the stored events,
/// for metadata with every member, escapes, slashes, quotes and non-ASCII text.
@Suite("nexus export: output pinned byte for byte")
struct ExportFormatTests {
    @Test("JSON lines and CSV rows equal the JSONEncoder-built reference for awkward events")
    func pinned() async throws {
        let database = try await TestDatabase.create(prefix: "cli_export_pin")
        let events = try await database.withEventStore { store in
            let metadata = [
                EventMetadata(),
                EventMetadata(correlationId: UUID(), causationId: UUID(), actor: "user-42", idempotencyKey: "key-1"),
                EventMetadata(actor: #"a/b "quoted" \ back"#, idempotencyKey: "ünïcode ✓ \u{1}\t"),
                EventMetadata(correlationId: UUID()),
            ]
            let streams = ["inventory-plain", #"order-with/slash"and"quote"#, #"product-back\slash,comma"#]
            for (index, stream) in streams.enumerated() {
                let data = (0..<metadata.count).map { item in
                    EventData(
                        type: "PinnedExport_\(index).v\(item)", schemaVersion: item + 1,
                        data: Data(#"{"note": "a/b \"q\" é \u0001, line\nbreak", "n": 1.50, "nested": {"x": [1, 2, null]}, "i": \#(item)}"#.utf8),
                        metadata: metadata[item])
                }
                _ = try await store.append(AppendRequest(stream: try StreamName(stream), expectedVersion: .any, events: data))
            }
            return try await store.readAll(after: 0, limit: 100)
        }
        #expect(events.count == 12)

        let jsonl = try await NexusBinary.run(["export"], databaseURL: database.url)
        #expect(jsonl.status == 0, "\(jsonl.stderr)")
        #expect(jsonl.stdout == events.map(Self.referenceLine).joined())

        let csv = try await NexusBinary.run(["export", "--format", "csv", "--page-size", "5"], databaseURL: database.url)
        #expect(csv.status == 0, "\(csv.stderr)")
        #expect(csv.stdout == "position,event_id,stream,version,type,schema_version,recorded_at,hash,data,metadata\n" + events.map(Self.referenceRow).joined())
    }

    private static func referenceLine(_ event: RecordedEvent) -> String {
        "{\"position\":\(event.position),\"eventId\":\"\(event.id.uuidString.lowercased())\","
            + "\"stream\":\(quoted(event.stream.rawValue)),\"version\":\(event.version),"
            + "\"type\":\(quoted(event.type)),\"schemaVersion\":\(event.schemaVersion),"
            + "\"recordedAt\":\"\(timestamp(event.recordedAt))\",\"hash\":\(quoted(event.hash ?? "")),\"data\":"
            + String(decoding: event.data, as: UTF8.self) + ",\"metadata\":" + metadataJSON(event) + "}\n"
    }

    private static func referenceRow(_ event: RecordedEvent) -> String {
        let fields = [
            "\(event.position)", event.id.uuidString.lowercased(), event.stream.rawValue, "\(event.version)", event.type,
            "\(event.schemaVersion)", timestamp(event.recordedAt), event.hash ?? "", String(decoding: event.data, as: UTF8.self),
            metadataJSON(event),
        ]
        return fields.map(csvField).joined(separator: ",") + "\n"
    }

    private static func metadataJSON(_ event: RecordedEvent) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: (try? encoder.encode(event.metadata)) ?? Data("{}".utf8), as: UTF8.self)
    }

    private static func csvField(_ value: String) -> String {
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    private static func quoted(_ value: String) -> String {
        String(decoding: (try? JSONEncoder().encode(value)) ?? Data("\"\"".utf8), as: UTF8.self)
    }

    private static func timestamp(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }
}
