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
        return KafkaOutgoingMessage(
            topic: topics.topic(ofCategory: category),
            key: event.stream.rawValue,
            value: Array(event.data),
            headers: [
                KafkaHeader(name: Header.specVersion, string: CloudEvents.specVersion),
                KafkaHeader(name: Header.id, string: event.id.uuidString.lowercased()),
                KafkaHeader(name: Header.type, string: Self.eventType(category: category, type: event.type, schemaVersion: event.schemaVersion)),
                KafkaHeader(name: Header.source, string: source),
                KafkaHeader(name: Header.subject, string: event.stream.rawValue),
                KafkaHeader(name: Header.time, string: RecordedTime.format(event.recordedAt)),
                KafkaHeader(name: Header.contentType, string: CloudEvents.contentType),
                KafkaHeader(name: Header.streamVersion, string: String(event.version)),
                KafkaHeader(name: Header.position, string: String(event.position)),
            ]
        )
    }
}
