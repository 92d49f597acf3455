import EventStore
import NexusEvents
import Synchronization

/// Reads the streams a decision needs and remembers each one's version and last position,
/// which become the expected versions of the append. Folding starts from the state kept in
/// ``StreamStates``, so only the events appended since are read and decoded.
final class StreamReader: Sendable {
    /// What was read of one stream.
    struct Snapshot: Sendable {
        var version: Int64
        var lastPosition: Int64
    }

    private let store: any EventStore
    private let states: StreamStates
    private let snapshots = Mutex<[String: Snapshot]>([:])

    init(store: any EventStore, states: StreamStates) {
        self.store = store
        self.states = states
    }

    /// Folds every event of `stream` from `initial`: from the last state `states` kept, reading
    /// only the events after it. A name the store would refuse is an empty stream.
    func fold<State: Sendable>(_ stream: String, _ initial: State, _ evolve: (State, NexusEvent) -> State) async throws -> State {
        guard let name = try? StreamName(stream) else {
            snapshots.withLock { $0[stream] = Snapshot(version: 0, lastPosition: 0) }
            return initial
        }
        var folded = states.folded(stream, as: State.self) ?? .init(state: initial, version: 0, lastPosition: 0)
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
        if !recorded.isEmpty { states.keep(stream, folded) }
        let snapshot = Snapshot(version: folded.version, lastPosition: folded.lastPosition)
        snapshots.withLock { $0[stream] = snapshot }
        return folded.state
    }

    /// What was read of `stream`, if it was read.
    func snapshot(of stream: String) -> Snapshot? {
        snapshots.withLock { $0[stream] }
    }

    static func decode(_ event: RecordedEvent) throws(Problem) -> NexusEvent {
        do {
            return try NexusEvent.decode(eventType: event.type, schemaVersion: event.schemaVersion, data: event.data)
        } catch {
            throw Problem.unavailable("stored event \(event.stream) v\(event.version) cannot be read: \(error.code.rawValue)")
        }
    }
}
