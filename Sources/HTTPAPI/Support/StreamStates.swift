import Synchronization

/// The last state each stream was folded to (per state type), so a decision reads only the
/// events appended since instead of the whole stream, or nothing at all while the state is fresh.
///
/// Safe whatever the concurrency: stored events never change, so a state folded up to version
/// `v` plus the events after `v` read now is the stream's current state; an entry that is
/// behind costs a longer read, never a wrong decision (the append still checks the version).
///
/// An entry is *confirmed* when it was the stream's head at some instant: a read that found
/// nothing after it, or this process's own append that moved the stream from the version the
/// decision started at. For ``freshness`` after that, ``StreamReader`` may decide from it without
/// reading (see ``CommandExecutor`` for why that stays safe).
final class StreamStates: Sendable {
    /// A folded state and how far it got.
    struct Folded<State> {
        var state: State
        var version: Int64
        var lastPosition: Int64
        /// When the stream was last known to end at `version`, if it is known to.
        var confirmed: ContinuousClock.Instant?
    }

    private struct Entry {
        var state: any Sendable
        var version: Int64
        var lastPosition: Int64
        var confirmed: ContinuousClock.Instant?
    }

    /// Per stream, per state type.
    private let entries = Mutex<[String: [ObjectIdentifier: Entry]]>([:])
    private let capacity: Int
    /// How long a confirmed state may be used without reading its stream.
    let freshness: Duration

    /// - Parameters:
    ///   - capacity: the most streams kept; when full, all are dropped and refolded on demand.
    ///   - freshness: how long a confirmed state is used without reading (zero: always read).
    init(capacity: Int, freshness: Duration = .zero) {
        self.capacity = max(1, capacity)
        self.freshness = freshness
    }

    /// The state of `stream` as of the latest fold, if any.
    func folded<State: Sendable>(_ stream: String, as type: State.Type) -> Folded<State>? {
        guard let entry = entries.withLock({ $0[stream]?[ObjectIdentifier(type)] }),
            let state = entry.state as? State
        else { return nil }
        return Folded(state: state, version: entry.version, lastPosition: entry.lastPosition, confirmed: entry.confirmed)
    }

    /// Whether `folded` may be used at `now` without reading its stream.
    func isFresh<State>(_ folded: Folded<State>, at now: ContinuousClock.Instant) -> Bool {
        guard let confirmed = folded.confirmed else { return false }
        return now - confirmed < freshness
    }

    /// Keeps `folded` unless a state further along is already kept (at the same version, the
    /// later confirmation wins).
    func keep<State: Sendable>(_ stream: String, _ folded: Folded<State>) {
        let type = ObjectIdentifier(State.self)
        entries.withLock { entries in
            if let kept = entries[stream]?[type] {
                if kept.version > folded.version { return }
                if kept.version == folded.version, let confirmed = kept.confirmed,
                    folded.confirmed.map({ $0 < confirmed }) ?? true
                { return }
            }
            if entries.count >= capacity, entries[stream] == nil { entries.removeAll(keepingCapacity: true) }
            entries[stream, default: [:]][type] = Entry(
                state: folded.state, version: folded.version, lastPosition: folded.lastPosition, confirmed: folded.confirmed)
        }
    }

    /// Marks every state kept of `stream` as possibly behind: the next decision reads the
    /// events after it.
    func distrust(_ stream: String) {
        entries.withLock { entries in
            guard var kept = entries[stream] else { return }
            for type in kept.keys { kept[type]?.confirmed = nil }
            entries[stream] = kept
        }
    }
}

extension StreamStates.Folded: Sendable where State: Sendable {}
