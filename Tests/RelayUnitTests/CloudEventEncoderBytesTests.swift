import EventStore
import Foundation
import Kafka
import Relay
import Testing

/// The relay's messages, byte for byte: topic, key, value and the nine headers in their order,
/// written out literally here (not through the shared constants), so that any change of the
/// wire format, however it comes about, fails these tests.
@Suite("Relay messages, byte for byte")
struct CloudEventEncoderBytesTests {
    private static let encoder = CloudEventEncoder(topics: RelayTopics(prefix: "nexus."), source: "/nexus")

    private static func event(
        id: String = "0F8FAD5B-D9CB-469F-A165-70867728950E", stream: String = "inventory-SKU-1", version: Int64 = 3,
        position: Int64 = 42, type: String = "StockReceived", schemaVersion: Int = 1, data: String = #"{"quantity": 5, "sku": "SKU-1"}"#,
        time: String = "2026-12-04T20:38:30.123456Z"
    ) throws -> RecordedEvent {
        RecordedEvent(
            id: try #require(UUID(uuidString: id)), stream: try StreamName(stream), version: version, position: position, type: type,
            schemaVersion: schemaVersion, data: Data(data.utf8), metadata: EventMetadata(), recordedAt: try #require(RecordedTime.parse(time)),
            hash: "ab")
    }

    /// A message spelled out as text: topic, key (also `ce_subject`), value and the header values
    /// in their order (`ce_specversion`, `ce_source` and `content-type` are the same for all).
    private static func expected(
        topic: String, key: String, value: String, id: String, type: String, time: String, version: String, position: String
    ) -> KafkaOutgoingMessage {
        let headers = [
            ("ce_specversion", "1.0"), ("ce_id", id), ("ce_type", type), ("ce_source", "/nexus"), ("ce_subject", key), ("ce_time", time),
            ("content-type", "application/json"), ("nexus_stream_version", version), ("nexus_position", position),
        ]
        return KafkaOutgoingMessage(
            topic: topic, key: Array(key.utf8), value: Array(value.utf8),
            headers: headers.map { KafkaHeader(name: $0.0, value: Array($0.1.utf8)) })
    }

    private static let first = expected(
        topic: "nexus.inventory", key: "inventory-SKU-1", value: #"{"quantity": 5, "sku": "SKU-1"}"#,
        id: "0f8fad5b-d9cb-469f-a165-70867728950e", type: "nexus.inventory.StockReceived.v1", time: "2026-12-04T20:38:30.123456Z",
        version: "3", position: "42")

    @Test("one event's message: topic, key, value and headers, exactly")
    func oneEvent() throws {
        #expect(Self.encoder.message(for: try Self.event()) == Self.first)
    }

    @Test("a batch of events of several topics and types, with extreme numbers and non-ASCII data, exactly")
    func batch() throws {
        let events = [
            try Self.event(),
            try Self.event(
                id: "00000000-0000-0000-0000-000000000000", stream: "product-SKU_~!", version: Int64.max, position: Int64.max, type: "ProductCreated",
                schemaVersion: 2, data: #"{"name": "Zoë \u0000 ☃"}"#, time: "1970-01-01T00:00:00.000001Z"),
            try Self.event(
                id: "FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF", stream: "inventory-SKU-2", version: 1, position: 1, data: "{}",
                time: "2038-01-19T03:14:07.999999Z"),
            try Self.event(version: 4, position: 43, time: "2026-12-04T20:38:30Z"),
        ]
        let expected = [
            Self.first,
            Self.expected(
                topic: "nexus.catalog", key: "product-SKU_~!", value: #"{"name": "Zoë \u0000 ☃"}"#, id: "00000000-0000-0000-0000-000000000000",
                type: "nexus.catalog.ProductCreated.v2", time: "1970-01-01T00:00:00.000001Z", version: "9223372036854775807",
                position: "9223372036854775807"),
            Self.expected(
                topic: "nexus.inventory", key: "inventory-SKU-2", value: "{}", id: "ffffffff-ffff-ffff-ffff-ffffffffffff",
                type: "nexus.inventory.StockReceived.v1", time: "2038-01-19T03:14:07.999999Z", version: "1", position: "1"),
            Self.expected(
                topic: "nexus.inventory", key: "inventory-SKU-1", value: #"{"quantity": 5, "sku": "SKU-1"}"#,
                id: "0f8fad5b-d9cb-469f-a165-70867728950e", type: "nexus.inventory.StockReceived.v1", time: "2026-12-04T20:38:30.000000Z",
                version: "4", position: "43"),
        ]
        #expect(Array(Self.encoder.messages(for: events)) == expected)
        #expect(events.map(Self.encoder.message(for:)) == expected)
    }
}
