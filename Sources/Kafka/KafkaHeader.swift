/// One Kafka record header: a name and raw bytes.
public struct KafkaHeader: Sendable, Hashable {
    /// The header name.
    public var name: String
    /// The header value bytes.
    public var value: [UInt8]

    /// Creates a header with raw bytes.
    public init(name: String, value: [UInt8]) {
        self.name = name
        self.value = value
    }

    /// Creates a header whose value is the UTF-8 encoding of `string`.
    public init(name: String, string: String) {
        self.init(name: name, value: Array(string.utf8))
    }

    /// The value decoded as UTF-8 (invalid sequences repaired).
    public var stringValue: String {
        String(decoding: value, as: UTF8.self)
    }
}
