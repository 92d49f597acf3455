import EventStore
import PostgresNIO

extension ProjectionApplier {
    /// The streams a rebuild pass keeps in memory before writing their versions.
    static let passVersionsFlushThreshold = 100_000

    /// Picks the events of one rebuild page that the projection handles, and records each one's
    /// stream version in `versions`.
    ///
    /// A pass reads every event once, in global order, into a generation that starts empty, so
    /// no version can repeat there: unlike live batches, no applied version is looked up,
    /// and the versions are written only by ``applyPassBatch(_:to:flushing:on:)`` when many have
    /// gathered and once more before the switch.
    func passBatch(of page: [ProjectionEvent], versions: inout [String: Int64]) -> [ProjectionEvent] {
        var batch: [ProjectionEvent] = []
        for event in page where projection.handledEventTypes.contains(event.recorded.type) {
            batch.append(event)
            versions[event.recorded.stream.rawValue] = event.version
        }
        return batch
    }

    /// Applies a batch from ``passBatch(of:versions:)`` on `connection` (inside a transaction),
    /// then writes `versions` if given (when many have gathered).
    func applyPassBatch(
        _ batch: [ProjectionEvent], to generation: ProjectionGeneration, flushing versions: [String: Int64]?, on connection: PostgresConnection
    ) async throws {
        try await connection.query("SELECT set_config('search_path', \(generation.schema.name), true)", logger: logger)
        if !batch.isEmpty {
            try await projection.apply(batch, on: connection, logger: logger)
        }
        if let versions, !versions.isEmpty {
            try await saveAppliedVersions(versions, on: connection)
        }
        try await connection.query("SELECT set_config('search_path', 'public', true)", logger: logger)
    }
}
