/// The CloudEvents 1.0 binary-mode facts of the Kafka messages, defined once for the relay that
/// writes them, the projections that read them and the AsyncAPI document that describes them.
public enum CloudEvents {
    /// The `ce_specversion` value.
    public static let specVersion = "1.0"
    /// The `content-type` value: the message value is the event data as JSON.
    public static let contentType = "application/json"

    /// Header names.
    public enum Header {
        public static let specVersion = "ce_specversion"
        /// The event id; the consumers' dedupe key.
        public static let id = "ce_id"
        /// `nexus.<area>.<Type>.v<schemaVersion>`.
        public static let type = "ce_type"
        public static let source = "ce_source"
        /// The stream name (the message key too).
        public static let subject = "ce_subject"
        /// The recorded time, RFC 3339 UTC with microseconds (`RecordedTime`).
        public static let time = "ce_time"
        public static let contentType = "content-type"
        /// The event's version in its stream, decimal text.
        public static let streamVersion = "nexus_stream_version"
        /// The event's global position, decimal text.
        public static let position = "nexus_position"

        /// Every header, in the order the relay writes them (all required).
        public static let all = [specVersion, id, type, source, subject, time, contentType, streamVersion, position]
    }

    /// The `ce_type` of an event type of `area` at `schemaVersion`: `nexus.<area>.<Type>.v<N>`.
    public static func type(area: String, eventType: String, schemaVersion: Int) -> String {
        "nexus.\(area).\(eventType).v\(schemaVersion)"
    }

    /// The parts of a `ce_type`, or `nil` when it is not `nexus.<area>.<Type>.v<N>`.
    public static func parseType(_ text: String) -> (area: String, eventType: String, schemaVersion: Int)? {
        let parts = text.split(separator: ".")
        guard parts.count == 4, parts[0] == "nexus", parts[3].hasPrefix("v"), let schemaVersion = Int(parts[3].dropFirst()) else {
            return nil
        }
        return (String(parts[1]), String(parts[2]), schemaVersion)
    }
}
