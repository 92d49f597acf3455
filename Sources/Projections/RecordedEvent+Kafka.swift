public import EventStore
import Foundation
public import Kafka
import NexusEvents

extension RecordedEvent {
    /// Reads an event the relay published: value = event data; CloudEvents headers `ce_id`,
    /// `ce_type` (`nexus.<area>.<Type>.v<N>`), `ce_subject` (stream), `ce_time` (RFC 3339), plus
    /// `nexus_stream_version` and `nexus_position`.
    /// - Throws: ``ProjectionError`` `malformedMessage` naming the missing or bad header.
    public init(kafkaMessage message: KafkaMessage) throws(ProjectionError) {
        func header(_ name: String) throws(ProjectionError) -> String {
            guard let value = message.header(name), !value.isEmpty else {
                throw ProjectionError(.malformedMessage, "the message has no \(name) header", context: [
                    "topic": message.topic, "partition": "\(message.partition)", "offset": "\(message.offset)",
                ])
            }
            return value
        }
        func malformed(_ name: String, _ value: String) -> ProjectionError {
            ProjectionError(.malformedMessage, "the \(name) header is invalid", context: [
                "value": String(value.prefix(100)), "topic": message.topic, "partition": "\(message.partition)", "offset": "\(message.offset)",
            ])
        }
        let id = try header(CloudEvents.Header.id)
        let type = try header(CloudEvents.Header.type)
        let subject = try header(CloudEvents.Header.subject)
        let version = try header(CloudEvents.Header.streamVersion)
        let position = try header(CloudEvents.Header.position)
        let time = try header(CloudEvents.Header.time)
        guard let eventID = UUID(uuidString: id) else { throw malformed(CloudEvents.Header.id, id) }
        guard let parsedType = CloudEvents.parseType(type) else { throw malformed(CloudEvents.Header.type, type) }
        guard let stream = try? StreamName(subject) else { throw malformed(CloudEvents.Header.subject, subject) }
        guard let streamVersion = Int64(version), streamVersion >= 1 else { throw malformed(CloudEvents.Header.streamVersion, version) }
        guard let globalPosition = Int64(position) else { throw malformed(CloudEvents.Header.position, position) }
        guard let recordedAt = RecordedTime.parse(time) else { throw malformed(CloudEvents.Header.time, time) }
        self.init(
            id: eventID, stream: stream, version: streamVersion, position: globalPosition, type: parsedType.eventType,
            schemaVersion: parsedType.schemaVersion, data: Data(message.value), metadata: EventMetadata(), recordedAt: recordedAt, hash: nil
        )
    }
}
