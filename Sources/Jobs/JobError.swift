/// The queue could not do what was asked.
public struct JobError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public enum Code: String, Sendable {
        /// The kind's name or the unique key is not 1…limit bytes of printable ASCII.
        case invalidName
        /// The payload is not a JSON object, or is larger than ``JobRequest/maximumPayloadBytes``.
        case invalidPayload
        /// The due time is not a finite, non-negative delay.
        case invalidDueTime
        /// No job has that id (or it is not in a state the operation applies to).
        case notFound
    }

    /// What went wrong.
    public var code: Code
    /// Explains it, naming the value at fault (never a payload).
    public var message: String
    /// The job's kind, when known.
    public var kind: String?

    /// Creates an error.
    public init(_ code: Code, _ message: String, kind: String? = nil) {
        self.code = code
        self.message = message
        self.kind = kind
    }

    public var description: String { "\(code.rawValue): \(message)" }
}
