import Synchronization

/// The last state each stream was folded to (per state type), so a decision reads only the
/// events appended since instead of the whole stream.
///
/// Safe whatever the concurrency: stored events never change, so a state folded up to version
/// `v` plus the events after `v` read now is the stream's current state; an entry that is
/// behind costs a longer read, never a wrong decision (the append still checks the version).
final class StreamStates: Sendable {
    /// A folded state and how far it got.
    struct Folded<State> {
        var state: State
        var version: Int64
        var lastPosition: Int64
    }

    private struct Key: Hashable {
        let stream: String
        let type: ObjectIdentifier
    }

    private struct Entry {
        var state: any Sendable
        var version: Int64
        var lastPosition: Int64
    }

    private let entries = Mutex<[Key: Entry]>([:])
    private let capacity: Int

    /// - Parameter capacity: the most states kept; when full, all are dropped and refolded on demand.
    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// The state of `stream` as of the latest fold, if any.
    func folded<State: Sendable>(_ stream: String, as type: State.Type) -> Folded<State>? {
        guard let entry = entries.withLock({ $0[Key(stream: stream, type: ObjectIdentifier(type))] }),
            let state = entry.state as? State
        else { return nil }
        return Folded(state: state, version: entry.version, lastPosition: entry.lastPosition)
    }

    /// Keeps `folded` unless a state further along is already kept.
    func keep<State: Sendable>(_ stream: String, _ folded: Folded<State>) {
        let key = Key(stream: stream, type: ObjectIdentifier(State.self))
        entries.withLock { entries in
            if let kept = entries[key], kept.version >= folded.version { return }
            if entries.count >= capacity, entries[key] == nil { entries.removeAll(keepingCapacity: true) }
            entries[key] = Entry(state: folded.state, version: folded.version, lastPosition: folded.lastPosition)
        }
    }
}
