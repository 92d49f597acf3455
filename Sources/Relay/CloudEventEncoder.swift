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
        /// How many headers each message has.
        public static let count = CloudEvents.Header.all.count
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
        messages(for: [event])[0]
    }

    /// The Kafka messages for `events`, in order, written into one batch buffer: each
    /// (category, type, version)'s topic and `ce_type` are built once per call instead of once per
    /// event (a relay batch holds thousands), and header values are written in place.
    public func messages(for events: [RecordedEvent]) -> KafkaOutgoingBatch {
        var batch = KafkaOutgoingBatch()
        batch.reserveCapacity(
            messages: events.count, headers: events.count * Header.count,
            bytes: events.reduce(0) { $0 + $1.data.count + 2 * $1.stream.rawValue.utf8.count } + events.count * (Self.bytesPerMessage + source.utf8.count))
        var kinds: [TypeKey: (topic: String, type: [UInt8])] = [:]
        for event in events {
            let key = TypeKey(category: event.stream.category, type: event.type, schemaVersion: event.schemaVersion)
            let kind = kinds[key] ?? {
                let kind = (
                    topic: topics.topic(ofCategory: key.category),
                    type: Array(Self.eventType(category: key.category, type: key.type, schemaVersion: key.schemaVersion).utf8)
                )
                kinds[key] = kind
                return kind
            }()
            append(event, topic: kind.topic, type: kind.type, to: &batch)
        }
        return batch
    }

    private struct TypeKey: Hashable {
        let category: String
        let type: String
        let schemaVersion: Int
    }

    private func append(_ event: RecordedEvent, topic: String, type: [UInt8], to batch: inout KafkaOutgoingBatch) {
        batch.append(topic: topic, key: event.stream.rawValue) { value in
            event.data.withUnsafeBytes { value.append(contentsOf: $0) }
        }
        batch.appendHeader(name: Header.specVersion, value: Self.specVersion)
        batch.appendHeader(name: Header.id) { event.id.appendHex(to: &$0) }
        batch.appendHeader(name: Header.type, value: type)
        batch.appendHeader(name: Header.source, string: source)
        batch.appendHeader(name: Header.subject, string: event.stream.rawValue)
        batch.appendHeader(name: Header.time) { RecordedTime.append(event.recordedAt, to: &$0) }
        batch.appendHeader(name: Header.contentType, value: Self.contentType)
        batch.appendHeader(name: Header.streamVersion, string: String(event.version))
        batch.appendHeader(name: Header.position, string: String(event.position))
    }

    /// Room for a message's header names and values other than its key, value, `ce_source` and
    /// `ce_subject`: about 230 bytes with a 30-byte `ce_type`.
    private static let bytesPerMessage = 256
    private static let specVersion = Array(CloudEvents.specVersion.utf8)
    private static let contentType = Array(CloudEvents.contentType.utf8)
}
