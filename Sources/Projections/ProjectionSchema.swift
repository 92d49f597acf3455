public import EventStorePostgres

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
    ]

    /// The migrator for the projections' schema.
    public static var migrator: SchemaMigrator {
        SchemaMigrator(component: "projections", migrations: migrations)
    }
}
