/// What a writer expects a stream's current version to be when it appends.
public enum ExpectedVersion: Hashable, Sendable, CustomStringConvertible {
    /// No check: append whatever the current version is.
    case any
    /// The stream must not exist yet (it has no events).
    case noStream
    /// The stream must exist (have at least one event), whatever its version.
    case streamExists
    /// The stream's last event must have exactly this version (1 for a stream with one event).
    case exact(Int64)

    /// Whether a stream whose current version is `actual` (0 when it does not exist) satisfies this expectation.
    public func isSatisfied(byCurrentVersion actual: Int64) -> Bool {
        switch self {
        case .any: true
        case .noStream: actual == 0
        case .streamExists: actual > 0
        case .exact(let version): actual == version
        }
    }

    /// Parses the textual forms used over HTTP and the CLI: `any`, `no-stream`, `stream-exists`, or a version number ≥ 1.
    /// - Throws: ``EventStoreError`` with code `invalidExpectedVersion` for anything else.
    public init(parsing text: String) throws(EventStoreError) {
        switch text {
        case "any": self = .any
        case "no-stream": self = .noStream
        case "stream-exists": self = .streamExists
        default:
            guard let version = Int64(text), version >= 1 else {
                throw EventStoreError(
                    .invalidExpectedVersion,
                    "expected version must be any, no-stream, stream-exists or a version ≥ 1",
                    context: ["expectedVersion": String(text.prefix(40))]
                )
            }
            self = .exact(version)
        }
    }

    public var description: String {
        switch self {
        case .any: "any"
        case .noStream: "no-stream"
        case .streamExists: "stream-exists"
        case .exact(let version): "\(version)"
        }
    }
}
