import EventStore
import NexusEvents
import Synchronization

/// Reads the streams a decision needs and remembers each one's version and last position,
/// which become the expected versions of the append. Folding starts from the state kept in
/// ``StreamStates``, so only the events appended since are read and decoded; a reader that
/// trusts kept states does not read a stream whose state is fresh (``StreamStates/isFresh(_:at:)``).
final class StreamReader: Sendable {
    /// What was read of one stream.
    struct Snapshot: Sendable {
        var version: Int64
        var lastPosition: Int64
    }

    /// Moves a stream's kept state over the events this process appended after the snapshot.
    private typealias Advance = @Sendable ([NexusEvent], StreamAppendResult) -> Void

    private struct Folds {
        var snapshots: [String: Snapshot] = [:]
        var advances: [String: Advance] = [:]
        var usedKeptState = false
    }

    private let store: any EventStore
    private let states: StreamStates
    private let trustsKeptStates: Bool
    private let folds = Mutex(Folds())

    /// - Parameter trustsKeptStates: whether a fresh kept state is used without reading the stream.
    init(store: any EventStore, states: StreamStates, trustsKeptStates: Bool = false) {
        self.store = store
        self.states = states
        self.trustsKeptStates = trustsKeptStates
    }

    /// Whether some stream's state came from memory without reading the stream.
    var usedKeptState: Bool { folds.withLock { $0.usedKeptState } }

    /// Folds every event of `stream` from `initial`: from the last state `states` kept, reading
    /// only the events after it (or none, when trusted and fresh). A name the store would refuse
    /// is an empty stream.
    func fold<State: Sendable>(
        _ stream: String, _ initial: State, _ evolve: @escaping @Sendable (State, NexusEvent) -> State
    ) async throws -> State {
        guard let name = try? StreamName(stream) else {
            folds.withLock { $0.snapshots[stream] = Snapshot(version: 0, lastPosition: 0) }
            return initial
        }
        let start = ContinuousClock.now
        var folded = states.folded(stream, as: State.self) ?? .init(state: initial, version: 0, lastPosition: 0)
        let fromMemory = trustsKeptStates && states.isFresh(folded, at: start)
        if !fromMemory {
            let recorded: [RecordedEvent]
            do {
                recorded = try await store.readStream(name, from: folded.version + 1, limit: .max)
            } catch {
                throw Problem.unavailable("the event store could not be read")
            }
            for event in recorded {
                folded.state = evolve(folded.state, try Self.decode(event))
                folded.version = event.version
                folded.lastPosition = event.position
            }
            folded.confirmed = start
            if folded.version > 0 { states.keep(stream, folded) }
        }
        let decidedFrom = folded
        let states = self.states
        folds.withLock { folds in
            folds.snapshots[stream] = Snapshot(version: folded.version, lastPosition: folded.lastPosition)
            folds.usedKeptState = folds.usedKeptState || fromMemory
            folds.advances[stream] = { events, result in
                var next = decidedFrom
                for event in events { next.state = evolve(next.state, event) }
                guard next.version + Int64(events.count) == result.version else { return states.distrust(stream) }
                next.version = result.version
                next.lastPosition = result.position
                next.confirmed = .now
                states.keep(stream, next)
            }
        }
        return folded.state
    }

    /// What was read of `stream`, if it was read.
    func snapshot(of stream: String) -> Snapshot? {
        folds.withLock { $0.snapshots[stream] }
    }

    /// After `result` of appending `events` (per stream): the kept state of each stream the
    /// decision read moves over its new events, confirmed; any other stream appended to may
    /// have moved past its kept state.
    func appended(_ events: [String: [NexusEvent]], result: AppendResult) {
        let advances = folds.withLock { $0.advances }
        for appended in result.streams {
            if !result.isReplay, let advance = advances[appended.stream], let streamEvents = events[appended.stream] {
                advance(streamEvents, appended)
            } else {
                states.distrust(appended.stream)
            }
        }
    }

    /// After an append whose outcome is not known: every stream appended to may have moved.
    func appendFailed(_ streams: [String]) {
        for stream in streams { states.distrust(stream) }
    }

    static func decode(_ event: RecordedEvent) throws(Problem) -> NexusEvent {
        do {
            return try NexusEvent.decode(eventType: event.type, schemaVersion: event.schemaVersion, data: event.data)
        } catch {
            throw Problem.unavailable("stored event \(event.stream) v\(event.version) cannot be read: \(error.code.rawValue)")
        }
    }
}
