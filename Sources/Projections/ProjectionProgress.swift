import EventStorePostgres
public import Logging
public import PostgresNIO

/// How far each projection's serving generation has got, for `/ready`, `/metrics` and
/// `nexus status`.
public enum ProjectionProgress {
    /// One projection's progress.
    public struct Entry: Sendable, Hashable {
        /// The low watermark: every event of the projection's types at or below this position
        /// is applied.
        public var appliedPosition: Int64
        /// Events of the projection's types not applied yet, wherever they are in the log,
        /// counted up to the cap it was asked for: the lag.
        public var pendingEvents: Int64
    }

    /// Per projection with a serving generation: its low watermark and lag (counted up to
    /// `cap`, so the cost stays bounded however far behind a projection is).
    ///
    /// Live mode applies partitions independently, so one partition can be far ahead of
    /// another: the lag counts every event not applied, not only those after the most advanced
    /// partition. `watermarks` remembers each generation's watermark between calls so that the
    /// next reading scans only the log after it; a fresh value scans from the log's start.
    public static func entries(
        client: PostgresClient, cap: Int64, watermarks: ProjectionWatermarks = ProjectionWatermarks(), logger: Logger
    ) async throws -> [String: Entry] {
        var generations: [ProjectionGeneration] = []
        let rows = try await client.query("SELECT name, generation FROM read.projection_generations", logger: logger)
        for try await (name, number) in rows.decode((String, Int32).self) {
            generations.append(ProjectionGeneration(projection: name, number: Int(number)))
        }
        var entries: [String: Entry] = [:]
        for generation in generations {
            guard let projection = try? ProjectionCatalog.named(generation.projection) else { continue }
            let types = Array(projection.handledEventTypes)
            // Read before the watermark, in an earlier statement: every event at or below it has
            // committed, so the watermark can be remembered up to it (see ProjectionWatermarks).
            let settled = try await client.firstInt64("SELECT nexus_settled_position()", logger: logger)
            let floor = watermarks.floor(of: generation)
            let watermark = try await client.firstInt64(
                "SELECT read.read_position(\(generation.projection), \(floor), \(types))", logger: logger)
            watermarks.remember(min(watermark, settled), for: generation)
            var binds = PostgresBindings()
            binds.append(watermark)
            binds.append(types)
            binds.append(cap)
            let pending = try await client.firstInt64(
                .ddl(
                    """
                    SELECT count(*)::int8 FROM (
                        SELECT 1 FROM events e LEFT JOIN \(generation.schema).applied_streams a ON a.stream = e.stream
                         WHERE e.position > $1 AND e.type = ANY($2) AND (a.version IS NULL OR a.version < e.stream_version)
                         LIMIT $3
                    ) pending
                    """,
                    binds: binds
                ),
                logger: logger
            )
            entries[generation.projection] = Entry(appliedPosition: watermark, pendingEvents: pending)
        }
        return entries
    }
}
