public import EventStorePostgres
import PostgresNIO

/// The `read` schema's bookkeeping tables, as migrations of component `projections`.
///
/// Read-model tables themselves live in generation schemas (`read_<name>_g<N>`) created by
/// ``ProjectionGenerations``; `read` holds one view per table pointing at the serving generation.
public enum ProjectionSchema {
    /// The migrations, oldest first.
    public static let migrations: [SchemaMigration] = [
        SchemaMigration(
            version: 1,
            name: "read schema, projection generations, Kafka offsets",
            statements: [
                "CREATE SCHEMA IF NOT EXISTS read",
                """
                CREATE TABLE read.projection_generations (
                    name text PRIMARY KEY,
                    generation integer NOT NULL CHECK (generation >= 1),
                    version integer NOT NULL CHECK (version >= 1),
                    switched_at timestamptz NOT NULL DEFAULT now()
                )
                """,
                """
                CREATE TABLE read.projection_offsets (
                    projection text NOT NULL,
                    topic text NOT NULL,
                    partition integer NOT NULL,
                    next_offset bigint NOT NULL CHECK (next_offset >= 0),
                    updated_at timestamptz NOT NULL DEFAULT now(),
                    PRIMARY KEY (projection, topic, partition)
                )
                """,
            ]
        ),
        SchemaMigration(
            version: 2,
            name: "read position of a projection in one call",
            statements: [readPositionFunction]
        ),
        SchemaMigration(
            version: 3,
            name: "a live batch's lock and applied versions in one call",
            statements: [lockServingForApplyFunction]
        ),
    ]

    /// `read.lock_serving_for_apply(name, streams)`: locks projection `name`'s serving generation
    /// row (`FOR UPDATE`, so batches of one projection apply one at a time), points the
    /// transaction's `search_path` at the generation's schema, lets the transaction commit
    /// asynchronously, and returns a first row with the generation (stream and version NULL)
    /// followed by the applied version of each of `streams` the generation has seen. No row when
    /// the projection has no serving generation. One round trip where a live batch took two.
    static let lockServingForApplyFunction: PostgresQuery = """
        CREATE FUNCTION read.lock_serving_for_apply(p_name text, p_streams text[])
        RETURNS TABLE (generation integer, stream text, version bigint)
        LANGUAGE plpgsql AS $$
        DECLARE
            serving integer;
            serving_schema text;
        BEGIN
            SELECT g.generation INTO serving FROM read.projection_generations g WHERE g.name = p_name FOR UPDATE;
            IF serving IS NULL THEN
                RETURN;
            END IF;
            serving_schema := 'read_' || p_name || '_g' || serving;
            PERFORM set_config('search_path', serving_schema, true), set_config('synchronous_commit', 'off', true);
            generation := serving;
            RETURN NEXT;
            RETURN QUERY EXECUTE format(
                'SELECT %s, a.stream, a.version FROM %I.applied_streams a WHERE a.stream = ANY($1)', serving, serving_schema)
              USING p_streams;
        END
        $$
        """

    /// `read.read_position(name, floor, types)`: the highest global position `W` at or above
    /// `floor` such that every event of one of `types` at or below `W` is applied in the serving
    /// generation of projection `name` (`floor` when it has none). One call, one snapshot: the
    /// log's head and the first event not yet applied are read together.
    static let readPositionFunction: PostgresQuery = """
        CREATE FUNCTION read.read_position(p_name text, p_floor bigint, p_types text[]) RETURNS bigint
        LANGUAGE plpgsql STABLE AS $$
        DECLARE
            serving integer;
            head bigint;
            pending bigint;
        BEGIN
            SELECT generation INTO serving FROM read.projection_generations WHERE name = p_name;
            IF serving IS NULL THEN
                RETURN p_floor;
            END IF;
            SELECT coalesce(max(position), 0) INTO head FROM public.events;
            EXECUTE format(
                'SELECT e.position FROM public.events e LEFT JOIN %I.applied_streams a ON a.stream = e.stream
                  WHERE e.position > $1 AND e.position <= $2 AND e.type = ANY($3)
                    AND (a.version IS NULL OR a.version < e.stream_version)
                  ORDER BY e.position LIMIT 1',
                'read_' || p_name || '_g' || serving)
              INTO pending USING p_floor, head, p_types;
            RETURN greatest(p_floor, coalesce(pending - 1, head));
        END
        $$
        """

    /// The migrator for the projections' schema.
    public static var migrator: SchemaMigrator {
        SchemaMigrator(component: "projections", migrations: migrations)
    }
}
