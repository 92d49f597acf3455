public import EventStore
import Foundation
public import Kafka

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
        let id = try header("ce_id")
        let type = try header("ce_type")
        let subject = try header("ce_subject")
        let version = try header("nexus_stream_version")
        let position = try header("nexus_position")
        let time = try header("ce_time")
        guard let eventID = UUID(uuidString: id) else { throw malformed("ce_id", id) }
        let parts = type.split(separator: ".")
        guard parts.count == 4, parts[0] == "nexus", parts[3].hasPrefix("v"), let schemaVersion = Int(parts[3].dropFirst()) else {
            throw malformed("ce_type", type)
        }
        guard let stream = try? StreamName(subject) else { throw malformed("ce_subject", subject) }
        guard let streamVersion = Int64(version), streamVersion >= 1 else { throw malformed("nexus_stream_version", version) }
        guard let globalPosition = Int64(position) else { throw malformed("nexus_position", position) }
        guard let recordedAt = RecordedTime.parse(time) else { throw malformed("ce_time", time) }
        self.init(
            id: eventID, stream: stream, version: streamVersion, position: globalPosition, type: String(parts[2]),
            schemaVersion: schemaVersion, data: Data(message.value), metadata: EventMetadata(), recordedAt: recordedAt, hash: nil
        )
    }
}
