import EventStore
import Foundation

/// The answer to every successful command: the stream written (or read, when nothing changed),
/// its new version and the global position of the append, plus every stream the append touched.
struct CommandResult: Codable, Sendable, Equatable {
    struct Appended: Codable, Sendable, Equatable {
        var stream: String
        var version: Int64
        var position: Int64
    }

    /// The id of the entity: the stream name after its category (user id, order id, SKU, slug).
    var id: String
    /// The main stream of the command.
    var stream: String
    /// Its version after the command (the `ETag`).
    var version: Int64
    /// The global position of the command's last event across every stream it appended: a
    /// query asked to wait for it (`?minPosition=`) sees the whole command (read-your-writes).
    var position: Int64
    /// Every stream appended by this command (empty when nothing changed).
    var appended: [Appended]
    /// Whether this is the stored answer to an earlier request with the same `Idempotency-Key`.
    var replayed: Bool

    init(stream: String, version: Int64, position: Int64, appended: [Appended], replayed: Bool = false) {
        self.id = stream.firstIndex(of: "-").map { String(stream[stream.index(after: $0)...]) } ?? stream
        self.stream = stream
        self.version = version
        self.position = position
        self.appended = appended
        self.replayed = replayed
    }

    /// The result of an append; its first stream is the command's main stream.
    init(_ result: AppendResult) {
        let main = result.streams.first ?? StreamAppendResult(stream: "", version: 0, position: result.position)
        self.init(
            stream: main.stream, version: main.version, position: result.position,
            appended: result.streams.map { Appended(stream: $0.stream, version: $0.version, position: $0.position) },
            replayed: result.isReplay)
    }
}
