public import Logging
import Synchronization

/// A log handler that keeps what is logged at `warning` or above, for tests that check a
/// component reported something.
public final class RecordedLog: Sendable {
    /// One logged message with its metadata rendered as text.
    public struct Entry: Sendable {
        public var level: Logger.Level
        public var message: String
        public var metadata: [String: String]
    }

    private let entries = Mutex<[Entry]>([])

    public init() {}

    /// A logger writing here.
    public func logger(label: String) -> Logger {
        Logger(label: label) { _ in Handler(log: self) }
    }

    /// Everything recorded so far.
    public var all: [Entry] { entries.withLock { $0 } }

    fileprivate func record(_ entry: Entry) { entries.withLock { $0.append(entry) } }

    private struct Handler: LogHandler {
        let log: RecordedLog
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .warning

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let merged = metadata.merging(event.metadata ?? [:]) { $1 }
            log.record(Entry(level: event.level, message: "\(event.message)", metadata: merged.mapValues { "\($0)" }))
        }
    }
}
