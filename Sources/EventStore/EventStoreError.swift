/// An error from an event store: a code to switch on, a message for people, and context.
public struct EventStoreError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong.
    public enum Code: String, Sendable, Hashable {
        /// A stream's current version did not match the expected one; see ``conflicts``.
        case wrongExpectedVersion
        /// The stream name is empty, too long, or malformed.
        case invalidStreamName
        /// An expected-version form that is not understood.
        case invalidExpectedVersion
        /// Event data is not a JSON object, or its type or schema version is invalid.
        case invalidEventData
        /// An event's data is larger than ``EventData/maximumDataSize``.
        case eventTooLarge
        /// The request is malformed (no streams, no events, a stream twice, too many events, a bad idempotency key).
        case invalidRequest
        /// The idempotency key was recorded for a request with another fingerprint; nothing was written.
        case idempotencyKeyReused
        /// The store cannot be reached or failed; safe to retry with the same idempotency key.
        case unavailable
        /// The store was shut down.
        case shutDown
        /// An event's personal data belongs to a person whose data was erased: nothing was written.
        case personalDataErased
    }

    /// A stream whose version did not match.
    public struct VersionConflict: Hashable, Sendable {
        public var stream: String
        public var expected: ExpectedVersion
        /// The stream's current version; 0 when it does not exist.
        public var actual: Int64

        public init(stream: String, expected: ExpectedVersion, actual: Int64) {
            self.stream = stream
            self.expected = expected
            self.actual = actual
        }
    }

    public var code: Code
    public var message: String
    public var context: [String: String]
    /// For `wrongExpectedVersion`: every stream that did not match.
    public var conflicts: [VersionConflict]

    public init(_ code: Code, _ message: String, context: [String: String] = [:], conflicts: [VersionConflict] = []) {
        self.code = code
        self.message = message
        self.context = context
        self.conflicts = conflicts
    }

    public var description: String {
        let details = context.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        return details.isEmpty ? "\(code.rawValue): \(message)" : "\(code.rawValue): \(message) (\(details))"
    }
}
