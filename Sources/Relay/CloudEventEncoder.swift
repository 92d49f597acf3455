public import EventStore
import Foundation
public import Kafka

/// Turns a recorded event into a Kafka message in CloudEvents 1.0 binary mode.
///
/// Key = stream name; value = the event data JSON; headers `ce_specversion`, `ce_id` (event id,
/// the consumers' dedupe key), `ce_type` (`nexus.<area>.<Type>.v<schemaVersion>`), `ce_source`,
/// `ce_subject` (stream), `ce_time` (recorded time, RFC 3339 UTC with microseconds, exactly), `content-type`, plus
/// `nexus_stream_version` and `nexus_position`.
public struct CloudEventEncoder: Sendable {
    /// Header names, in the order they are written.
    public enum Header {
        public static let specVersion = "ce_specversion"
        public static let id = "ce_id"
        public static let type = "ce_type"
        public static let source = "ce_source"
        public static let subject = "ce_subject"
        public static let time = "ce_time"
        public static let contentType = "content-type"
        public static let streamVersion = "nexus_stream_version"
        public static let position = "nexus_position"
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
        "nexus.\(RelayTopics.area(ofCategory: category)).\(type).v\(schemaVersion)"
    }

    /// The Kafka message for `event`.
    public func message(for event: RecordedEvent) -> KafkaOutgoingMessage {
        let category = event.stream.category
        return KafkaOutgoingMessage(
            topic: topics.topic(ofCategory: category),
            key: event.stream.rawValue,
            value: Array(event.data),
            headers: [
                KafkaHeader(name: Header.specVersion, string: "1.0"),
                KafkaHeader(name: Header.id, string: event.id.uuidString.lowercased()),
                KafkaHeader(name: Header.type, string: Self.eventType(category: category, type: event.type, schemaVersion: event.schemaVersion)),
                KafkaHeader(name: Header.source, string: source),
                KafkaHeader(name: Header.subject, string: event.stream.rawValue),
                KafkaHeader(name: Header.time, string: RecordedTime.format(event.recordedAt)),
                KafkaHeader(name: Header.contentType, string: "application/json"),
                KafkaHeader(name: Header.streamVersion, string: String(event.version)),
                KafkaHeader(name: Header.position, string: String(event.position)),
            ]
        )
    }
}
