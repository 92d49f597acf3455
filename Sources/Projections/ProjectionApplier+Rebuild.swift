import EventStore
import PostgresNIO

extension ProjectionApplier {
    /// The streams a rebuild pass keeps in memory before writing their versions.
    static let passVersionsFlushThreshold = 100_000

    /// Records in `versions` the stream version of each event of a rebuild page that the
    /// projection handles.
    ///
    /// A pass reads every event once, in global order, into a generation that starts empty, so
    /// no version can repeat there: unlike live batches, no applied version is looked up, the
    /// whole page goes to the projection (which ignores the events it does not handle) and the
    /// versions are written only by ``applyPassPage(_:to:flushing:on:)`` when many have gathered
    /// and once more before the switch.
    /// - Returns: the number of handled events in the page.
    func recordVersions(of page: [ProjectionEvent], in versions: inout [String: Int64]) -> Int {
        let types = projection.handledEventTypes
        var handled = 0
        for index in page.indices where types.contains(page[index].recorded.type) {
            versions[page[index].recorded.stream.rawValue] = page[index].version
            handled += 1
        }
        return handled
    }

    /// Applies a rebuild page (if given) on `connection` (inside a transaction), then writes
    /// `versions` (if given, when many have gathered).
    func applyPassPage(
        _ page: [ProjectionEvent]?, to generation: ProjectionGeneration, flushing versions: [String: Int64]?, on connection: PostgresConnection
    ) async throws {
        try await connection.query("SELECT set_config('search_path', \(generation.schema.name), true)", logger: logger)
        if let page {
            try await projection.apply(page, on: connection, logger: logger)
        }
        if let versions, !versions.isEmpty {
            try await saveAppliedVersions(versions, on: connection)
        }
        try await connection.query("SELECT set_config('search_path', 'public', true)", logger: logger)
    }
}
