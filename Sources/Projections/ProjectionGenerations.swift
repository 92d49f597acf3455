import EventStorePostgres
public import Logging
public import PostgresNIO

/// Creates generation schemas and switches the serving generation atomically.
///
/// The serving generation of each projection is a row of `read.projection_generations`; the
/// views `read.<table>` point at its schema. A switch updates both in one transaction, so
/// readers see the old generation or the new one, never a mix.
public struct ProjectionGenerations: Sendable {
    let logger: Logger

    public init(logger: Logger) {
        self.logger = logger
    }

    /// The serving generation of `projection`, creating generation 1 (empty tables and views)
    /// when there is none.
    @discardableResult
    public func ensureServing(_ projection: any Projection, on connection: PostgresConnection) async throws -> ProjectionGeneration {
        try await connection.inTransactionIfOpen(logger: logger) {
            try await connection.queryIfOpen("SELECT pg_advisory_xact_lock(hashtext('nexus-projection-' || \(projection.name))::int8)", logger: logger)
            if let current = try await serving(projection.name, on: connection) { return current }
            let generation = ProjectionGeneration(projection: projection.name, number: 1)
            try await create(generation, of: projection, on: connection)
            try await point(projection, at: generation, on: connection)
            return generation
        }
    }

    /// The serving generation of the projection called `name`, if any.
    ///
    /// With `lock`, the generation row is locked until the transaction ends: batches of one
    /// projection then apply one at a time (statements that fix up rows across streams must see
    /// each other's writes; concurrent READ COMMITTED batches could miss them), and a rebuild's
    /// switch waits for the batch in progress.
    public func serving(_ name: String, on connection: PostgresConnection, lock: Bool = false) async throws -> ProjectionGeneration? {
        let rows = try await connection.queryIfOpen(
            lock
                ? "SELECT generation FROM read.projection_generations WHERE name = \(name) FOR UPDATE"
                : "SELECT generation FROM read.projection_generations WHERE name = \(name)",
            logger: logger
        )
        for try await number in rows.decode(Int32.self) {
            return ProjectionGeneration(projection: name, number: Int(number))
        }
        return nil
    }

    /// Locks the serving generation of `name` as ``serving(_:on:lock:)`` does, points the
    /// transaction's `search_path` at its schema, lets it commit without waiting for the WAL
    /// flush, and reads the applied versions of `streams` there, in one call
    /// (`read.lock_serving_for_apply`); `nil` if there is no serving generation.
    ///
    /// Asynchronous commit is safe for live batches: a crash can lose only the last batches
    /// committed, and each loses its read-model rows and its Kafka offsets together (one
    /// transaction), so the worker fetches and applies them again: nothing is lost or applied
    /// twice. A read model may briefly show such a batch, and after a crash show it again only
    /// once it is re-applied. The event store's own commits stay synchronous.
    func lockServingForApply(
        _ name: String, streams: [String], on connection: PostgresConnection
    ) async throws -> (generation: ProjectionGeneration, applied: [String: Int64])? {
        let rows = try await connection.queryIfOpen(
            "SELECT generation, stream, version FROM read.lock_serving_for_apply(\(name), \(streams)::text[])", logger: logger)
        var generation: ProjectionGeneration?
        var applied: [String: Int64] = [:]
        for try await (number, stream, version) in rows.decode((Int32, String?, Int64?).self) {
            if let stream, let version {
                applied[stream] = version
            } else {
                generation = ProjectionGeneration(projection: name, number: Int(number))
            }
        }
        return generation.map { ($0, applied) }
    }

    /// Drops `generation`'s schema if it exists and creates it afresh with empty tables.
    func create(_ generation: ProjectionGeneration, of projection: any Projection, on connection: PostgresConnection) async throws {
        let schema = generation.schema.name
        try await connection.queryIfOpen(.ddl("DROP SCHEMA IF EXISTS \(schema) CASCADE"), logger: logger)
        try await connection.queryIfOpen(.ddl("CREATE SCHEMA \(schema)"), logger: logger)
        try await connection.queryIfOpen(.ddl("CREATE TABLE \(schema).applied_streams (stream text PRIMARY KEY, version bigint NOT NULL)"), logger: logger)
        try await connection.queryIfOpen("SELECT set_config('search_path', \(schema), true)", logger: logger)
        for statement in projection.tables.flatMap(\.ddl) {
            try await connection.queryIfOpen(.ddl(statement), logger: logger)
        }
        try await connection.queryIfOpen("SELECT set_config('search_path', 'public', true)", logger: logger)
    }

    /// Re-points the views `read.<table>` at `generation` and records it as serving, and tells
    /// the read caches to forget everything when the switch commits.
    /// Run it inside the transaction that must commit atomically with the switch.
    func point(_ projection: any Projection, at generation: ProjectionGeneration, on connection: PostgresConnection) async throws {
        for table in projection.tables {
            guard let name = SQLIdentifier(table.name) else { continue }
            try await connection.queryIfOpen(.ddl("DROP VIEW IF EXISTS read.\(name)"), logger: logger)
            try await connection.queryIfOpen(.ddl("CREATE VIEW read.\(name) AS SELECT * FROM \(generation.schema).\(name)"), logger: logger)
        }
        try await connection.queryIfOpen(
            """
            INSERT INTO read.projection_generations (name, generation, version) VALUES (\(projection.name), \(Int32(generation.number)), \(Int32(projection.version)))
            ON CONFLICT (name) DO UPDATE SET generation = excluded.generation, version = excluded.version, switched_at = now()
            """,
            logger: logger
        )
        try await ReadCacheChange.all.announce(on: connection, logger: logger)
    }

    /// Drops the schema of a generation that no longer serves.
    func drop(_ generation: ProjectionGeneration, on connection: PostgresConnection) async throws {
        try await connection.queryIfOpen(.ddl("DROP SCHEMA IF EXISTS \(generation.schema) CASCADE"), logger: logger)
    }
}
