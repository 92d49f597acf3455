/// A projection could not apply events, provision a generation or switch.
public struct ProjectionError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public enum Code: String, Sendable {
        /// No projection with that name is registered.
        case unknownProjection
        /// A handled event could not be decoded (unknown schema version or invalid data).
        case undecodableEvent
        /// A Kafka message lacked the CloudEvents headers the relay writes.
        case malformedMessage
        /// Another rebuild of the same projection switched generations first.
        case concurrentRebuild
        /// The offsets saved for a partition are behind what this worker committed: the database
        /// lost acknowledged commits (a crash during asynchronous commits, a restore). The worker
        /// restarts from the saved offsets, so the lost batches are applied again.
        case savedOffsetsLost
    }

    public var code: Code
    public var message: String
    public var context: [String: String]

    public init(_ code: Code, _ message: String, context: [String: String] = [:]) {
        self.code = code
        self.message = message
        self.context = context
    }

    public var description: String { "\(code.rawValue): \(message)" }
}
