public import EventStore
import Foundation
public import Kafka
import NexusEvents

/// Turns a recorded event into a Kafka message in CloudEvents 1.0 binary mode.
///
/// Key = stream name; value = the event data JSON; headers `ce_specversion`, `ce_id` (event id,
/// the consumers' dedupe key), `ce_type` (`nexus.<area>.<Type>.v<schemaVersion>`), `ce_source`,
/// `ce_subject` (stream), `ce_time` (recorded time, RFC 3339 UTC with microseconds, exactly), `content-type`, plus
/// `nexus_stream_version` and `nexus_position`.
public struct CloudEventEncoder: Sendable {
    /// Header names, in the order they are written (``CloudEvents/Header``).
    public enum Header {
        public static let specVersion = CloudEvents.Header.specVersion
        public static let id = CloudEvents.Header.id
        public static let type = CloudEvents.Header.type
        public static let source = CloudEvents.Header.source
        public static let subject = CloudEvents.Header.subject
        public static let time = CloudEvents.Header.time
        public static let contentType = CloudEvents.Header.contentType
        public static let streamVersion = CloudEvents.Header.streamVersion
        public static let position = CloudEvents.Header.position
    }

    /// The topic mapping.
    public let topics: RelayTopics
    /// The `ce_source` value.
    public let source: String

    /// Creates an encoder.
    public init(topics: RelayTopics, source: String) {
        self.topics = topics
        self.source = source
    }

    /// The CloudEvents type of an event: `nexus.<area>.<Type>.v<schemaVersion>`.
    public static func eventType(category: String, type: String, schemaVersion: Int) -> String {
        CloudEvents.type(area: RelayTopics.area(ofCategory: category), eventType: type, schemaVersion: schemaVersion)
    }

    /// The Kafka message for `event`.
    public func message(for event: RecordedEvent) -> KafkaOutgoingMessage {
        let category = event.stream.category
        return message(
            for: event, topic: topics.topic(ofCategory: category),
            type: Array(Self.eventType(category: category, type: event.type, schemaVersion: event.schemaVersion).utf8))
    }

    /// The Kafka messages for `events`, in order: each (category, type, version)'s topic and
    /// `ce_type` are built once per call instead of once per event (a relay batch holds thousands).
    public func messages(for events: [RecordedEvent]) -> [KafkaOutgoingMessage] {
        var kinds: [TypeKey: (topic: String, type: [UInt8])] = [:]
        return events.map { event in
            let key = TypeKey(category: event.stream.category, type: event.type, schemaVersion: event.schemaVersion)
            if let kind = kinds[key] { return message(for: event, topic: kind.topic, type: kind.type) }
            let kind = (
                topic: topics.topic(ofCategory: key.category),
                type: Array(Self.eventType(category: key.category, type: key.type, schemaVersion: key.schemaVersion).utf8)
            )
            kinds[key] = kind
            return message(for: event, topic: kind.topic, type: kind.type)
        }
    }

    private struct TypeKey: Hashable {
        let category: String
        let type: String
        let schemaVersion: Int
    }

    private func message(for event: RecordedEvent, topic: String, type: [UInt8]) -> KafkaOutgoingMessage {
        var time: [UInt8] = []
        time.reserveCapacity(27)
        RecordedTime.append(event.recordedAt, to: &time)
        return KafkaOutgoingMessage(
            topic: topic,
            key: event.stream.rawValue,
            value: Array(event.data),
            headers: [
                KafkaHeader(name: Header.specVersion, value: Self.specVersion),
                KafkaHeader(name: Header.id, value: Self.lowercaseHex(event.id)),
                KafkaHeader(name: Header.type, value: type),
                KafkaHeader(name: Header.source, string: source),
                KafkaHeader(name: Header.subject, string: event.stream.rawValue),
                KafkaHeader(name: Header.time, value: time),
                KafkaHeader(name: Header.contentType, value: Self.contentType),
                KafkaHeader(name: Header.streamVersion, string: String(event.version)),
                KafkaHeader(name: Header.position, string: String(event.position)),
            ]
        )
    }

    private static let specVersion = Array(CloudEvents.specVersion.utf8)
    private static let contentType = Array(CloudEvents.contentType.utf8)
    /// `id.uuidString.lowercased()`'s bytes.
    private static func lowercaseHex(_ id: UUID) -> [UInt8] {
        var text: [UInt8] = []
        text.reserveCapacity(36)
        id.appendHex(to: &text)
        return text
    }
}
