public import Logging
public import PostgresNIO

/// How far each projection's serving generation has got, for `/ready` and `nexus status`.
public enum ProjectionProgress {
    /// One projection's progress.
    public struct Entry: Sendable, Hashable {
        /// The highest global position among the last events applied per stream (the frontier).
        public var appliedPosition: Int64
        /// Events of the types the projection handles recorded after the frontier, counted up to
        /// the cap it was asked for: the lag.
        public var pendingEvents: Int64
    }

    /// Per projection with a serving generation: its frontier and lag (counted up to `cap`, so
    /// the cost stays bounded however far behind a projection is).
    ///
    /// Live mode applies partitions independently, so the frontier is where the projection has
    /// got, not a promise that every earlier event was applied.
    public static func entries(client: PostgresClient, cap: Int64, logger: Logger) async throws -> [String: Entry] {
        var generations: [ProjectionGeneration] = []
        let rows = try await client.query("SELECT name, generation FROM read.projection_generations", logger: logger)
        for try await (name, number) in rows.decode((String, Int32).self) {
            generations.append(ProjectionGeneration(projection: name, number: Int(number)))
        }
        var entries: [String: Entry] = [:]
        for generation in generations {
            guard let projection = try? ProjectionCatalog.named(generation.projection) else { continue }
            var frontier: Int64 = 0
            let query = PostgresQuery.ddl(
                """
                SELECT coalesce(max(e.position), 0)::int8 FROM \(generation.schema).applied_streams a
                  JOIN events e ON e.stream = a.stream AND e.stream_version = a.version
                """
            )
            for try await position in try await client.query(query, logger: logger).decode(Int64.self) {
                frontier = position
            }
            let types = Array(projection.handledEventTypes)
            var pending: Int64 = 0
            let count = try await client.query(
                """
                SELECT count(*)::int8 FROM (
                    SELECT 1 FROM events WHERE position > \(frontier) AND type = ANY(\(types)) LIMIT \(cap)
                ) pending
                """,
                logger: logger
            )
            for try await value in count.decode(Int64.self) { pending = value }
            entries[generation.projection] = Entry(appliedPosition: frontier, pendingEvents: pending)
        }
        return entries
    }
}
