import EventStore
import Foundation
import Logging
import NexusDomain
import NexusEvents

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
    let logger: Logger

    /// The state of one stream, for reads outside commands (sign-in).
    func state<State: Sendable>(of stream: String, _ initial: State, _ evolve: (State, NexusEvent) -> State) async throws -> State {
        try await StreamReader(store: store, states: states).fold(stream, initial, evolve)
    }

    /// Decides and appends; events for `stream` come first in the append, so its result is the first.
    func execute(
        _ command: CommandRequest, stream: String, decide: @Sendable (StreamReader) async throws -> [NexusEvent]
    ) async throws -> CommandResult {
        for attempt in 1...maxAttempts {
            let reader = StreamReader(store: store, states: states)
            let events: [NexusEvent]
            do {
                events = try await decide(reader)
                if let expected = command.ifMatch, let actual = reader.snapshot(of: stream)?.version, actual != expected {
                    throw Problem.preconditionFailed(stream: stream, expected: expected, actual: actual)
                }
            } catch let error as DomainError {
                if let replayed = try await replay(command, stream: stream) { return replayed }
                throw Problem(error)
            } catch {
                if let replayed = try await replay(command, stream: stream) { return replayed }
                throw error
            }
            guard !events.isEmpty else {
                if let replayed = try await replay(command, stream: stream) { return replayed }
                let snapshot = reader.snapshot(of: stream) ?? .init(version: 0, lastPosition: 0)
                return CommandResult(stream: stream, version: snapshot.version, position: snapshot.lastPosition, appended: [])
            }
            let request = appendRequest(events, primary: stream, reader: reader, command: command)
            defer { accounts.invalidate(request.streams.map(\.stream.rawValue)) }
            do {
                return CommandResult(try await store.append(request))
            } catch where error.code == .wrongExpectedVersion {
                if let expected = command.ifMatch {
                    let actual = error.conflicts.first { $0.stream == stream }?.actual
                    throw Problem.preconditionFailed(stream: stream, expected: expected, actual: actual)
                }
                logger.debug("version conflict; deciding again", metadata: ["stream": "\(stream)", "attempt": "\(attempt)"])
                try? await Task.sleep(for: .milliseconds(Int.random(in: 0...(1 << min(attempt, 6)))))
            } catch {
                throw Problem(storeError: error)
            }
        }
        throw Problem.contention(stream)
    }

    private func appendRequest(
        _ events: [NexusEvent], primary: String, reader: StreamReader, command: CommandRequest
    ) -> AppendRequest {
        var order = [primary]
        var byStream: [String: [NexusEvent]] = [:]
        for event in events {
            if byStream[event.streamName] == nil, event.streamName != primary { order.append(event.streamName) }
            byStream[event.streamName, default: []].append(event)
        }
        let metadata = EventMetadata(
            correlationId: .timeOrdered(), actor: command.principal.map { $0.userId.uuidString.lowercased() } ?? "anonymous")
        let appends = order.compactMap { name -> StreamAppend? in
            guard let events = byStream[name], let streamName = try? StreamName(name) else { return nil }
            return StreamAppend(
                stream: streamName, expectedVersion: Self.expectedVersion(reader.snapshot(of: name)),
                events: events.map {
                    EventData(type: $0.eventType, schemaVersion: $0.schemaVersion, data: $0.encodedData(), metadata: metadata)
                })
        }
        return AppendRequest(streams: appends, idempotencyKey: command.idempotencyKey)
    }

    /// The version read, or `any` for a stream the decision did not read: the decider then vouches
    /// that the event holds whatever that stream's version (releasing or shipping stock an order
    /// holds a reservation for never breaks the inventory invariant).
    static func expectedVersion(_ snapshot: StreamReader.Snapshot?) -> ExpectedVersion {
        guard let snapshot else { return .any }
        return snapshot.version == 0 ? .noStream : .exact(snapshot.version)
    }

    /// For a request with an idempotency key whose decision was refused or empty: if an earlier
    /// request with the key was appended, its result.
    private func replay(_ command: CommandRequest, stream: String) async throws -> CommandResult? {
        guard let key = command.idempotencyKey else { return nil }
        do {
            return try await store.result(forIdempotencyKey: key).map(CommandResult.init)
        } catch {
            throw Problem(storeError: error)
        }
    }
}
