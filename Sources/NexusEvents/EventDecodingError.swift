/// A stored event that cannot be read as a ``NexusEvent``.
public struct EventDecodingError: Error, Sendable, Equatable {
    /// What went wrong.
    public enum Code: String, Sendable {
        /// No reader for this type name and schema version.
        case unknownEventType
        /// The JSON does not match the schema.
        case invalidData
    }

    /// What went wrong.
    public var code: Code
    /// The type and version that were read.
    public var key: EventTypeKey
    /// A human-readable reason.
    public var reason: String
}
