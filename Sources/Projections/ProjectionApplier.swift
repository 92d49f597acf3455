public import EventStore
import EventStorePostgres
public import Logging
import NexusEvents
public import PostgresNIO

/// Applies batches of events to one generation of a projection, each stream version at most once.
///
/// Every generation keeps `applied_streams` (stream → last applied version). An event whose
/// version is not above it is skipped, so re-delivered events (a consumer restarting from an
/// older offset, a relay publishing twice, live mode after a rebuild) never apply twice.
/// The new events of a batch go to the projection in one call, which writes them set-based
/// (a few multi-row statements per batch rather than statements per event).
public struct ProjectionApplier: Sendable {
    /// The projection applied.
    public let projection: any Projection
    let logger: Logger

    public init(projection: any Projection, logger: Logger) {
        self.projection = projection
        self.logger = logger
    }

    /// Applies `events` to `generation` on `connection`, which must be inside a transaction
    /// (the caller saves its checkpoint in the same transaction).
    /// - Returns: the number of events applied (handled and not seen before).
    @discardableResult
    public func apply(_ events: [RecordedEvent], to generation: ProjectionGeneration, on connection: PostgresConnection) async throws -> Int {
        let decoded = try Self.decode(events, types: projection.handledEventTypes)
        return try await apply(decoded, to: generation, on: connection)
    }

    /// Applies already decoded events (see ``decode(_:types:)``); events of types the projection
    /// does not handle are ignored.
    @discardableResult
    public func apply(_ events: [ProjectionEvent], to generation: ProjectionGeneration, on connection: PostgresConnection) async throws -> Int {
        let handled = events.filter { projection.handledEventTypes.contains($0.recorded.type) }
        guard !handled.isEmpty else { return 0 }
        try await connection.queryIfOpen("SELECT set_config('search_path', \(generation.schema.name), true)", logger: logger)
        let applied = try await applyInSearchPath(handled, on: connection)
        try await connection.queryIfOpen("SELECT set_config('search_path', 'public', true)", logger: logger)
        return applied
    }

    /// Live mode's batch of events decoded for this projection (``decode(_:types:)`` with its
    /// handled types, so every one is handled): locks the serving generation (batches of one
    /// projection apply one at a time, see ``ProjectionGenerations/serving(_:on:lock:)``),
    /// reads the applied versions of the batch's streams in the same call, and applies the
    /// events not applied before. The transaction's `search_path` stays at the generation's
    /// schema: statements after this one in the transaction must name their schema, except the
    /// one that saves the returned versions in `applied_streams`, which the caller sends with its
    /// offsets (``KafkaOffsetStore/save(_:checking:appliedVersions:announcing:on:)``).
    /// - Returns: the number of events applied and the new applied version of each stream they
    ///   moved (empty when none).
    func applyToServingGeneration(
        _ events: [ProjectionEvent], on connection: PostgresConnection
    ) async throws -> (applied: Int, versions: [String: Int64]) {
        let streams = Array(Set(events.map(\.recorded.stream.rawValue)))
        guard let (_, seen) = try await ProjectionGenerations(logger: logger).lockServingForApply(projection.name, streams: streams, on: connection)
        else {
            throw ProjectionError(.unknownProjection, "projection \(projection.name) has no serving generation")
        }
        let (batch, versions) = Self.unapplied(events, seen: seen)
        if !batch.isEmpty {
            try await projection.apply(batch, on: connection, logger: logger)
        }
        return (batch.count, versions)
    }

    /// The events of `events` above the versions `seen` (and above earlier ones of the same
    /// stream in `events`), in order, and the version each moved stream reaches.
    static func unapplied(_ events: [ProjectionEvent], seen: [String: Int64]) -> (batch: [ProjectionEvent], versions: [String: Int64]) {
        var batch: [ProjectionEvent] = []
        batch.reserveCapacity(events.count)
        var versions: [String: Int64] = [:]
        for event in events {
            let stream = event.recorded.stream.rawValue
            guard event.version > versions[stream] ?? seen[stream] ?? 0 else { continue }
            batch.append(event)
            versions[stream] = event.version
        }
        return (batch, versions)
    }

    /// Applies handled `events` to the generation `search_path` points at, each stream version once.
    private func applyInSearchPath(_ handled: [ProjectionEvent], on connection: PostgresConnection) async throws -> Int {
        let seen = try await appliedVersions(of: Set(handled.map(\.recorded.stream.rawValue)), on: connection)
        let (batch, versions) = Self.unapplied(handled, seen: seen)
        if !batch.isEmpty {
            try await projection.apply(batch, on: connection, logger: logger)
        }
        if !versions.isEmpty {
            try await saveAppliedVersions(versions, on: connection)
        }
        return batch.count
    }

    /// Decodes the events whose type is in `types`, in order; the others are left out. Stock
    /// movements are read by ``StockMovementDecoder`` (same result, without `JSONDecoder`).
    /// - Throws: ``ProjectionError/Code/undecodableEvent`` for the first event that cannot be decoded.
    public static func decode(_ events: [RecordedEvent], types: Set<String>) throws(ProjectionError) -> [ProjectionEvent] {
        var decoded: [ProjectionEvent] = []
        decoded.reserveCapacity(events.count)
        for recorded in events where types.contains(recorded.type) {
            do {
                let event =
                    if let movement = StockMovementDecoder.decode(type: recorded.type, schemaVersion: recorded.schemaVersion, data: recorded.data) {
                        movement
                    } else {
                        try NexusEvent.decode(eventType: recorded.type, schemaVersion: recorded.schemaVersion, data: recorded.data)
                    }
                decoded.append(ProjectionEvent(event: event, recorded: recorded))
            } catch {
                throw ProjectionError(.undecodableEvent, "event \(recorded.id) cannot be decoded", context: [
                    "stream": recorded.stream.rawValue, "version": "\(recorded.version)", "reason": error.reason,
                ])
            }
        }
        return decoded
    }

    private func appliedVersions(of streams: Set<String>, on connection: PostgresConnection) async throws -> [String: Int64] {
        let names = Array(streams)
        var versions: [String: Int64] = [:]
        let rows = try await connection.queryIfOpen("SELECT stream, version FROM applied_streams WHERE stream = ANY(\(names))", logger: logger)
        for try await (stream, version) in rows.decode((String, Int64).self) {
            versions[stream] = version
        }
        return versions
    }

    func saveAppliedVersions(_ versions: [String: Int64], on connection: PostgresConnection) async throws {
        let streams = Array(versions.keys)
        let numbers = streams.map { versions[$0, default: 0] }
        try await connection.queryIfOpen(
            """
            INSERT INTO applied_streams (stream, version) SELECT * FROM unnest(\(streams)::text[], \(numbers)::int8[])
            ON CONFLICT (stream) DO UPDATE SET version = excluded.version WHERE applied_streams.version < excluded.version
            """,
            logger: logger
        )
    }
}
