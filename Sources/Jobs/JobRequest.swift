public import Foundation

/// A job to enqueue: its kind, payload, when it is due and, optionally, a unique key.
public struct JobRequest: Sendable {
    /// The largest payload accepted, in bytes of JSON (64 KiB).
    public static let maximumPayloadBytes = 64 * 1024
    /// The longest unique key, in bytes.
    public static let maximumKeyBytes = 200
    /// The longest kind name, in bytes.
    public static let maximumKindBytes = 100

    /// When a job becomes due.
    public enum Due: Sendable, Hashable {
        /// At once.
        case now
        /// After a delay from the database's clock.
        case after(Duration)
        /// At a moment (in the past: at once).
        case at(Date)
    }

    /// The kind, with the limit of tries stored with the job.
    public var kind: JobKind
    /// A JSON object.
    public var payload: Data
    /// At most one job of a kind has a given key, whatever its state: enqueuing it again is a
    /// no-op that answers the first job's id.
    public var uniqueKey: String?
    /// When it is due.
    public var due: Due

    /// A request whose payload is `payload` encoded as JSON.
    public init(kind: JobKind, payload: some Encodable, uniqueKey: String? = nil, due: Due = .now) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        self.init(kind: kind, json: try encoder.encode(payload), uniqueKey: uniqueKey, due: due)
    }

    /// A request whose payload is already JSON.
    public init(kind: JobKind, json: Data, uniqueKey: String? = nil, due: Due = .now) {
        self.kind = kind
        self.payload = json
        self.uniqueKey = uniqueKey
        self.due = due
    }

    /// Checks names, key, payload and due time (``JobQueue/enqueue(_:)`` does before any statement).
    /// - Throws: ``JobError`` naming what is wrong.
    public func check() throws(JobError) {
        _ = try validated()
    }

    /// The checked payload text and due time.
    func validated() throws(JobError) -> (payload: String, at: Date?, delaySeconds: Double) {
        guard JobText.isPrintableASCII(kind.name, maximumBytes: Self.maximumKindBytes) else {
            throw JobError(.invalidName, "a kind is 1…\(Self.maximumKindBytes) bytes of printable ASCII")
        }
        if let uniqueKey, !JobText.isPrintableASCII(uniqueKey, maximumBytes: Self.maximumKeyBytes) {
            throw JobError(.invalidName, "a unique key is 1…\(Self.maximumKeyBytes) bytes of printable ASCII", kind: kind.name)
        }
        guard payload.count <= Self.maximumPayloadBytes,
              (try? JSONSerialization.jsonObject(with: payload)) is [String: Any],
              let text = String(data: payload, encoding: .utf8), !text.unicodeScalars.contains("\0"), !text.contains("\\u0000")
        else {
            throw JobError(.invalidPayload, "a payload is a JSON object of at most \(Self.maximumPayloadBytes) bytes without NUL", kind: kind.name)
        }
        switch due {
        case .now: return (text, nil, 0)
        case .at(let date): return (text, date, 0)
        case .after(let delay):
            let seconds = delay.seconds
            guard seconds.isFinite, seconds >= 0, seconds < 1e9 else {
                throw JobError(.invalidDueTime, "a delay is between 0 and 10⁹ seconds", kind: kind.name)
            }
            return (text, nil, seconds)
        }
    }
}
