import EventStore
import Foundation
import Logging
import NexusDomain
import NexusEvents
import Privacy

/// Runs a command: read the streams it needs, decide, append with the versions read as expected
/// versions, and on a lost version race read and decide again (a bounded number of times) unless
/// the client pinned a version with `If-Match`. Every append invalidates what `accounts` holds
/// of the streams appended to.
struct CommandExecutor: Sendable {
    let store: any EventStore
    let maxAttempts: Int
    /// The users' roles and statuses authentication uses.
    let accounts: AccountCache
    /// The aggregate states decisions start from.
    let states: StreamStates
    /// Commands on one stream run one after another in this process.
    let turns = StreamTurns()
    /// A command's idempotency key is held while it runs (a duplicate meanwhile gets 409).
    let keysInFlight = KeysInFlight()
    let logger: Logger

    /// The state of one stream, for reads outside commands (sign-in).
    func state<State: Sendable>(
        of stream: String, _ initial: State, _ evolve: @escaping @Sendable (State, NexusEvent) -> State
    ) async throws -> State {
        try await StreamReader(store: store, states: states).fold(stream, initial, evolve)
    }

    /// Decides and appends; events for `stream` come first in the append, so its result is the first.
    ///
    /// The first pass decides from the aggregate states kept in memory while they are fresh
    /// (``StreamStates/freshness``), without reading their streams. That stays safe because
    /// every stream appended to is checked against the version decided from (a state that went
    /// stale fails with a version conflict and the next pass reads), and because a refusal, an
    /// empty decision or any other error of that pass is never answered from memory: the
    /// command is decided again from the streams as read. Streams a decision only reads (a
    /// product's status when receiving stock) may be up to `freshness` old when another process
    /// changed them, as a concurrent change would be. With `If-Match` every stream is read.
    /// Commands on the same `stream` take turns (``StreamTurns``); a command with an idempotency
    /// key another command of this process is running with fails at once (``KeysInFlight``).
    func execute(
        _ command: CommandRequest, stream: String, decide: @Sendable (StreamReader) async throws -> [NexusEvent]
    ) async throws -> CommandResult {
        try await keysInFlight.holding(command.idempotencyKey) {
            try await turns.inTurn(on: stream) { try await decideAndAppend(command, stream: stream, decide: decide) }
        }
    }

    private func decideAndAppend(
        _ command: CommandRequest, stream: String, decide: @Sendable (StreamReader) async throws -> [NexusEvent]
    ) async throws -> CommandResult {
        let trustsKeptStates = command.ifMatch == nil && states.freshness > .zero
        let passes = maxAttempts + (trustsKeptStates ? 1 : 0)
        for pass in 1...passes {
            let reader = StreamReader(store: store, states: states, trustsKeptStates: trustsKeptStates && pass == 1)
            let events: [NexusEvent]
            do {
                events = try await decide(reader)
                if let expected = command.ifMatch, let actual = reader.snapshot(of: stream)?.version, actual != expected {
                    throw Problem.preconditionFailed(stream: stream, expected: expected, actual: actual)
                }
            } catch let error as DomainError {
                if reader.usedKeptState { continue }
                if let replayed = try await replay(command, stream: stream) { return replayed }
                throw Problem(error)
            } catch {
                if reader.usedKeptState { continue }
                if let replayed = try await replay(command, stream: stream) { return replayed }
                throw error
            }
            guard !events.isEmpty else {
                if reader.usedKeptState { continue }
                if let replayed = try await replay(command, stream: stream) { return replayed }
                let snapshot = reader.snapshot(of: stream) ?? .init(version: 0, lastPosition: 0)
                return CommandResult(stream: stream, version: snapshot.version, position: snapshot.lastPosition, appended: [])
            }
            let (request, byStream) = appendRequest(events, primary: stream, reader: reader, command: command)
            defer { accounts.invalidate(request.streams.map(\.stream.rawValue)) }
            do {
                let result = try await store.append(request)
                reader.appended(byStream, result: result)
                return CommandResult(result)
            } catch where error.code == .wrongExpectedVersion {
                reader.appendFailed(request.streams.map(\.stream.rawValue))
                if let expected = command.ifMatch {
                    let actual = error.conflicts.first { $0.stream == stream }?.actual
                    throw Problem.preconditionFailed(stream: stream, expected: expected, actual: actual)
                }
                logger.debug("version conflict; deciding again", metadata: ["stream": "\(stream)", "pass": "\(pass)"])
                if !reader.usedKeptState {
                    try? await Task.sleep(for: .milliseconds(Int.random(in: 0...(1 << min(pass, 6)))))
                }
            } catch {
                reader.appendFailed(request.streams.map(\.stream.rawValue))
                throw Problem(storeError: error)
            }
        }
        throw Problem.contention(stream)
    }

    /// The append of `events` (grouped per stream, `primary` first) and the events per stream name.
    private func appendRequest(
        _ events: [NexusEvent], primary: String, reader: StreamReader, command: CommandRequest
    ) -> (AppendRequest, [String: [NexusEvent]]) {
        var order = [primary]
        var byStream: [String: [NexusEvent]] = [:]
        for event in events {
            if byStream[event.streamName] == nil, event.streamName != primary { order.append(event.streamName) }
            byStream[event.streamName, default: []].append(event)
        }
        let metadata = EventMetadata(correlationId: .timeOrdered(), actor: command.actor)
        let appends = order.compactMap { name -> StreamAppend? in
            guard let events = byStream[name], let streamName = try? StreamName(name) else { return nil }
            return StreamAppend(
                stream: streamName, expectedVersion: Self.expectedVersion(reader.snapshot(of: name)),
                events: events.map {
                    EventData(type: $0.eventType, schemaVersion: $0.schemaVersion, data: $0.encodedData(), metadata: metadata)
                })
        }
        return (
            AppendRequest(streams: appends, idempotencyKey: command.idempotencyKey, requestFingerprint: command.fingerprint),
            byStream
        )
    }

    /// The version read, or `any` for a stream the decision did not read: the decider then vouches
    /// that the event holds whatever that stream's version (releasing or shipping stock an order
    /// holds a reservation for never breaks the inventory invariant).
    static func expectedVersion(_ snapshot: StreamReader.Snapshot?) -> ExpectedVersion {
        guard let snapshot else { return .any }
        return snapshot.version == 0 ? .noStream : .exact(snapshot.version)
    }

    /// For a request with an idempotency key whose decision was refused or empty: if an earlier
    /// request with the key was appended, its result (422 when that was another request).
    private func replay(_ command: CommandRequest, stream: String) async throws -> CommandResult? {
        guard let key = command.idempotencyKey else { return nil }
        let earlier: AppendResult?
        do {
            earlier = try await store.result(forIdempotencyKey: key)
        } catch {
            throw Problem(storeError: error)
        }
        guard let earlier else { return nil }
        let request = AppendRequest(streams: [], idempotencyKey: key, requestFingerprint: command.fingerprint)
        switch request.replaying(earlier) {
        case .success(let replay): return CommandResult(replay)
        case .failure(let error): throw Problem(storeError: error)
        }
    }
}

extension CommandExecutor {
    /// An executor with `configuration`'s limits over `store`, read and appended through
    /// `privacy`'s vault when given (personal fields sealed on the way in, revealed on the way out).
    init(configuration: HTTPServerConfiguration, store: any EventStore, privacy: PrivacyServices?, logger: Logger) {
        self.init(
            store: privacy.map { PersonalDataEventStore(base: store, vault: $0.vault) } ?? store,
            maxAttempts: max(1, configuration.maxCommandAttempts),
            accounts: AccountCache(lifetime: configuration.accountCacheLifetime, capacity: configuration.accountCacheCapacity),
            states: StreamStates(capacity: configuration.streamStateCapacity, freshness: configuration.streamStateFreshness), logger: logger)
    }
}
