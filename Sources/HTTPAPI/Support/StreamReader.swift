import EventStore
import NexusEvents
import Synchronization

/// Reads the streams a decision needs and remembers each one's version and last position,
/// which become the expected versions of the append.
final class StreamReader: Sendable {
    /// What was read of one stream.
    struct Snapshot: Sendable {
        var version: Int64
        var lastPosition: Int64
    }

    private let store: any EventStore
    private let snapshots = Mutex<[String: Snapshot]>([:])

    init(store: any EventStore) {
        self.store = store
    }

    /// Folds every event of `stream` from `initial`. A name the store would refuse is an empty stream.
    func fold<State>(_ stream: String, _ initial: State, _ evolve: (State, NexusEvent) -> State) async throws -> State {
        guard let name = try? StreamName(stream) else {
            snapshots.withLock { $0[stream] = Snapshot(version: 0, lastPosition: 0) }
            return initial
        }
        let recorded: [RecordedEvent]
        do {
            recorded = try await store.readStream(name)
        } catch {
            throw Problem.unavailable("the event store could not be read")
        }
        var state = initial
        for event in recorded {
            state = evolve(state, try Self.decode(event))
        }
        let snapshot = Snapshot(version: recorded.last?.version ?? 0, lastPosition: recorded.last?.position ?? 0)
        snapshots.withLock { $0[stream] = snapshot }
        return state
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
