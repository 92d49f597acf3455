import PostgresNIO

/// The event store's tables, triggers and functions, as versioned migrations.
///
/// The database itself guarantees what matters, whatever client writes to it:
/// - stream versions start at 1 and have no holes (a trigger checks the previous version exists);
/// - every event's `hash` is SHA-256 over its content and the previous event's hash in its
///   stream, computed by the database at insert time (`nexus_event_hash`; see migration 3,
///   ``setBasedAppends``, for rows inserted by hand with a hash of their own);
/// - UPDATE, DELETE and TRUNCATE on `events` are refused by a trigger, for every role; only a
///   superuser can bypass it (`session_replication_role = replica`), which is what tamper
///   evidence is for.
public enum EventStoreSchema {
    /// The migrations, oldest first.
    public static let migrations: [SchemaMigration] = [
        SchemaMigration(
            version: 1,
            name: "events, hash chain, immutability, idempotency keys, checkpoints",
            statements: [
                """
                CREATE TABLE events (
                    position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    event_id uuid NOT NULL UNIQUE,
                    stream text NOT NULL CHECK (length(stream) BETWEEN 3 AND 200),
                    stream_version bigint NOT NULL CHECK (stream_version >= 1),
                    type text NOT NULL CHECK (length(type) BETWEEN 1 AND 100),
                    schema_version integer NOT NULL CHECK (schema_version >= 1),
                    data jsonb NOT NULL CHECK (jsonb_typeof(data) = 'object'),
                    metadata jsonb NOT NULL CHECK (jsonb_typeof(metadata) = 'object'),
                    recorded_at timestamptz NOT NULL DEFAULT now(),
                    hash bytea NOT NULL,
                    UNIQUE (stream, stream_version)
                )
                """,
                eventHashFunction(volatility: "IMMUTABLE", replacing: false),
                """
                CREATE FUNCTION nexus_events_chain() RETURNS trigger LANGUAGE plpgsql AS $$
                DECLARE
                    previous bytea;
                BEGIN
                    IF NEW.stream_version > 1 THEN
                        SELECT hash INTO previous FROM events
                         WHERE stream = NEW.stream AND stream_version = NEW.stream_version - 1;
                        IF NOT FOUND THEN
                            RAISE EXCEPTION 'stream % has no version %: versions must have no holes',
                                NEW.stream, NEW.stream_version - 1 USING ERRCODE = 'integrity_constraint_violation';
                        END IF;
                    END IF;
                    NEW.recorded_at := now();
                    NEW.hash := nexus_event_hash(previous, NEW.position, NEW.event_id, NEW.stream, NEW.stream_version,
                        NEW.type, NEW.schema_version, NEW.data, NEW.metadata, NEW.recorded_at);
                    RETURN NEW;
                END
                $$
                """,
                "CREATE TRIGGER events_chain BEFORE INSERT ON events FOR EACH ROW EXECUTE FUNCTION nexus_events_chain()",
                """
                CREATE FUNCTION nexus_events_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION 'events are immutable: % on events is refused', TG_OP
                        USING ERRCODE = 'insufficient_privilege';
                END
                $$
                """,
                """
                CREATE TRIGGER events_immutable BEFORE UPDATE OR DELETE OR TRUNCATE ON events
                    FOR EACH STATEMENT EXECUTE FUNCTION nexus_events_refuse_change()
                """,
                "REVOKE UPDATE, DELETE, TRUNCATE ON events FROM PUBLIC",
                """
                CREATE TABLE event_append_keys (
                    idempotency_key text PRIMARY KEY,
                    result jsonb NOT NULL,
                    recorded_at timestamptz NOT NULL DEFAULT now()
                )
                """,
                """
                CREATE TABLE checkpoints (
                    name text PRIMARY KEY,
                    position bigint NOT NULL CHECK (position >= 0),
                    updated_at timestamptz NOT NULL DEFAULT now()
                )
                """,
            ]
        ),
        batchAppends,
        setBasedAppends,
        settledReads,
        fingerprintedAppendKeys,
        kafkaClusterCheckpoints,
        settledReadsInIndexOrder,
    ]

    /// `nexus_event_hash`: SHA-256 over an event's content and its predecessor's hash. The body
    /// never changes (stored hashes depend on it); migration 3 only corrects its volatility.
    static func eventHashFunction(volatility: String, replacing: Bool) -> PostgresQuery {
        """
        CREATE \(unescaped: replacing ? "OR REPLACE " : "")FUNCTION nexus_event_hash(
            p_previous bytea, p_position bigint, p_event_id uuid, p_stream text, p_stream_version bigint,
            p_type text, p_schema_version integer, p_data jsonb, p_metadata jsonb, p_recorded_at timestamptz
        ) RETURNS bytea LANGUAGE sql \(unescaped: volatility) PARALLEL SAFE AS $$
            SELECT sha256(convert_to(concat_ws(E'\\n',
                encode(coalesce(p_previous, ''::bytea), 'hex'), p_position::text, p_event_id::text, p_stream,
                p_stream_version::text, p_type, p_schema_version::text, p_data::text, p_metadata::text,
                (extract(epoch FROM p_recorded_at) * 1000000)::bigint::text), 'UTF8'))
        $$
        """
    }

    /// The migrator for the event store's schema.
    public static var migrator: SchemaMigrator {
        SchemaMigrator(component: "eventstore", migrations: migrations)
    }

    /// The channel notified (empty payload) when an append commits.
    public static let notificationChannel = "nexus_events"
}
