import EventStore
import Foundation
import Kafka
import NexusEvents

/// Kafka messages in the shape the relay publishes (CloudEvents binary mode plus stream version
/// and position), so live mode can be tested without the relay.
enum RelayShapedMessages {
    static func message(for event: RecordedEvent, topicPrefix: String) throws -> KafkaOutgoingMessage {
        let decoded = try NexusEvent.decode(eventType: event.type, schemaVersion: event.schemaVersion, data: event.data)
        return KafkaOutgoingMessage(
            topic: "\(topicPrefix)\(decoded.area.topic)",
            key: event.stream.rawValue,
            value: Array(event.data),
            headers: [
                KafkaHeader(name: "ce_specversion", string: "1.0"),
                KafkaHeader(name: "ce_id", string: event.id.uuidString.lowercased()),
                KafkaHeader(name: "ce_type", string: EventTypeKey(eventType: event.type, schemaVersion: event.schemaVersion).cloudEventType(area: decoded.area)),
                KafkaHeader(name: "ce_source", string: "/nexus"),
                KafkaHeader(name: "ce_subject", string: event.stream.rawValue),
                KafkaHeader(name: "ce_time", string: rfc3339(event.recordedAt)),
                KafkaHeader(name: "content-type", string: "application/json"),
                KafkaHeader(name: "nexus_stream_version", string: String(event.version)),
                KafkaHeader(name: "nexus_position", string: String(event.position)),
            ]
        )
    }

    /// RFC 3339 UTC with milliseconds, truncated (not rounded) from the store's microseconds.
    static func rfc3339(_ date: Date) -> String {
        let microseconds = Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
        let milliseconds = microseconds / 1000
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: Date(timeIntervalSince1970: Double(milliseconds / 1000))).replacingOccurrences(
            of: ".000Z", with: String(format: ".%03dZ", Int(milliseconds % 1000)))
    }
}
