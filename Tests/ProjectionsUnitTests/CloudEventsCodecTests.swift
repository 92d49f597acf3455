import EventStore
import Foundation
import Kafka
import NexusEvents
import Projections
import Relay
import Testing

/// The relay's messages and the projections' reading of them agree, header by header, through
/// the one definition in ``CloudEvents``; the AsyncAPI document requires the same headers.
@Suite("CloudEvents: one codec for the relay, the projections and the contract")
struct CloudEventsCodecTests {
    private static func recorded(type: String = "StockReceived", schemaVersion: Int = 1) throws -> RecordedEvent {
        RecordedEvent(
            id: UUID(), stream: try StreamName("inventory-SKU-1"), version: 3, position: 42, type: type, schemaVersion: schemaVersion,
            data: Data(#"{"quantity":5,"sku":"SKU-1"}"#.utf8), metadata: EventMetadata(),
            recordedAt: try #require(RecordedTime.parse("2026-12-04T20:38:30.123456Z")), hash: nil)
    }

    /// What a consumer receives for `outgoing`.
    private static func received(_ outgoing: KafkaOutgoingMessage) -> KafkaMessage {
        KafkaMessage(topic: outgoing.topic, partition: 0, offset: 7, key: outgoing.key, value: outgoing.value, headers: outgoing.headers)
    }

    @Test func whatTheRelayWritesTheProjectionsReadBack() throws {
        let event = try Self.recorded()
        let outgoing = CloudEventEncoder(topics: RelayTopics(prefix: "nexus."), source: "/nexus").message(for: event)
        #expect(outgoing.headers.map(\.name) == CloudEvents.Header.all)
        let read = try RecordedEvent(kafkaMessage: Self.received(outgoing))
        #expect(read.id == event.id)
        #expect(read.stream == event.stream)
        #expect(read.version == event.version)
        #expect(read.position == event.position)
        #expect(read.type == event.type)
        #expect(read.schemaVersion == event.schemaVersion)
        #expect(read.data == event.data)
        #expect(read.recordedAt == event.recordedAt)
    }

    @Test func theTypeIsWrittenAndParsedByOneDefinition() {
        let type = CloudEvents.type(area: "inventory", eventType: "StockReceived", schemaVersion: 2)
        #expect(type == "nexus.inventory.StockReceived.v2")
        #expect(CloudEvents.parseType(type)?.eventType == "StockReceived")
        #expect(CloudEvents.parseType(type)?.schemaVersion == 2)
        #expect(StockReceived.cloudEventType == CloudEvents.type(area: "inventory", eventType: "StockReceived", schemaVersion: 1))
        for bad in ["", "nexus.inventory.StockReceived", "other.inventory.StockReceived.v1", "nexus.inventory.StockReceived.1",
                    "nexus.inventory.StockReceived.vx", "nexus.a.b.c.v1"] {
            #expect(CloudEvents.parseType(bad) == nil, "\(bad)")
        }
    }

    /// The headers a projection reads.
    static let readHeaders = [
        CloudEvents.Header.id, CloudEvents.Header.type, CloudEvents.Header.subject, CloudEvents.Header.time,
        CloudEvents.Header.streamVersion, CloudEvents.Header.position,
    ]

    @Test(arguments: readHeaders)
    func aMessageWithoutAHeaderTheProjectionsNeedIsRefused(_ missing: String) throws {
        let outgoing = CloudEventEncoder(topics: RelayTopics(prefix: "nexus."), source: "/nexus").message(for: try Self.recorded())
        var message = Self.received(outgoing)
        message.headers.removeAll { $0.name == missing }
        #expect(throws: ProjectionError.self) { try RecordedEvent(kafkaMessage: message) }
    }
}
