import PostgresNIO

extension EventStoreSchema {
    /// Migration 3: `nexus_append` computes hashes and checks for version holes for the whole
    /// batch in its INSERT statement, instead of a PL/pgSQL trigger call per event.
    ///
    /// - The statement draws the positions in array order, looks up each event's predecessor
    ///   (stored, or earlier in the same batch) and computes the hash with
    ///   `nexus_event_hash`, which is now declared `STABLE` (what its body is) so that the
    ///   planner inlines it instead of starting an executor per call. The hash is unchanged.
    ///   The stored predecessor is read by a scalar subquery, which always probes the
    ///   (stream, version) index: the function's plan is cached for the session, and a join
    ///   planned while the table was small would keep scanning all of it.
    /// - An event whose previous version is neither stored nor earlier in the batch raises the
    ///   same `integrity_constraint_violation` as before (`nexus_chain_hole`).
    /// - `p_chained` says whether a stream occurs more than once in the batch: only then is the
    ///   chain computed by a recursive query (event after event within a stream). A batch that
    ///   claims no repetition but has one fails with a hole error: the second event's
    ///   predecessor is not stored yet. So a wrong flag cannot write a wrong chain.
    /// - The row trigger `events_chain` now fires only for rows inserted without a hash, that
    ///   is, by any client other than `nexus_append`: those still get the hash and the hole
    ///   check from the database. A row inserted by hand with a hash of its own is taken as is;
    ///   `nexus verify` reports it if that hash does not match the content and its predecessor.
    static let setBasedAppends = SchemaMigration(
        version: 3,
        name: "set-based hashes and hole checks in nexus_append",
        statements: [
            eventHashFunction(volatility: "STABLE", replacing: true),
            """
            CREATE FUNCTION nexus_chain_hole(p_stream text, p_version bigint) RETURNS bytea LANGUAGE plpgsql VOLATILE AS $$
            BEGIN
                RAISE EXCEPTION 'stream % has no version %: versions must have no holes', p_stream, p_version - 1
                    USING ERRCODE = 'integrity_constraint_violation';
            END
            $$
            """,
            "DROP TRIGGER events_chain ON events",
            """
            CREATE TRIGGER events_chain BEFORE INSERT ON events FOR EACH ROW WHEN (NEW.hash IS NULL)
                EXECUTE FUNCTION nexus_events_chain()
            """,
            "DROP FUNCTION nexus_append(uuid[], text[], int8[], text[], int4[], jsonb[], jsonb[], text[], jsonb[])",
            setBasedAppendFunction(fingerprints: false),
        ]
    )

    /// The `nexus_append` of migration 3 (`fingerprints == false`) and of migration 5, which also
    /// records each key's request fingerprint (see ``fingerprintedAppendKeys``): the same statement
    /// otherwise, so the two can never drift.
    static func setBasedAppendFunction(fingerprints: Bool) -> PostgresQuery {
        """
        CREATE FUNCTION nexus_append(
            p_event_ids uuid[], p_streams text[], p_versions int8[], p_types text[], p_schema_versions int4[],
            p_data jsonb[], p_metadata jsonb[], p_keys text[], p_key_results jsonb[], p_chained boolean\(unescaped: fingerprints ? ", p_key_fingerprints text[]" : "")
        ) RETURNS TABLE (appended_id uuid, appended_position int8) LANGUAGE plpgsql
        SET plan_cache_mode = force_generic_plan AS $$
        DECLARE
            bound int8;
        BEGIN
            -- Registers the batch as in flight before drawing positions (see migration 2).
            PERFORM pg_advisory_xact_lock_shared(\(unescaped: String(appendsInFlightKey)));
            bound := coalesce(pg_sequence_last_value('events_position_seq'), 0) + 1;
            PERFORM pg_advisory_xact_lock_shared((bound >> 31)::int4, (bound & 2147483647)::int4);
            IF p_chained THEN
                RETURN QUERY
                    WITH RECURSIVE drawn AS (
                        SELECT u.*, nextval('events_position_seq') AS position, now() AS recorded_at
                          FROM unnest(p_event_ids, p_streams, p_versions, p_types, p_schema_versions, p_data, p_metadata)
                               WITH ORDINALITY AS u(event_id, stream, stream_version, type, schema_version, data, metadata, ordinal)
                    ), ranked AS (
                        SELECT d.*, row_number() OVER (PARTITION BY d.stream ORDER BY d.ordinal) AS rank FROM drawn d
                    ), chained AS (
                        SELECT r.event_id, r.stream, r.stream_version, r.type, r.schema_version, r.data, r.metadata, r.ordinal,
                               r.position, r.recorded_at, r.rank,
                               CASE WHEN r.stream_version > 1 AND r.previous IS NULL THEN nexus_chain_hole(r.stream, r.stream_version)
                                    ELSE nexus_event_hash(r.previous, r.position, r.event_id, r.stream, r.stream_version, r.type,
                                                          r.schema_version, r.data, r.metadata, r.recorded_at) END AS hash
                          FROM (SELECT ranked.*, (SELECT p.hash FROM events p
                                                   WHERE p.stream = ranked.stream AND p.stream_version = ranked.stream_version - 1) AS previous
                                  FROM ranked WHERE ranked.rank = 1) r
                        UNION ALL
                        SELECT r.*, CASE WHEN r.stream_version <> c.stream_version + 1 THEN nexus_chain_hole(r.stream, r.stream_version)
                                    ELSE nexus_event_hash(c.hash, r.position, r.event_id, r.stream, r.stream_version, r.type,
                                                          r.schema_version, r.data, r.metadata, r.recorded_at) END
                          FROM chained c JOIN ranked r ON r.stream = c.stream AND r.rank = c.rank + 1
                    )
                    INSERT INTO events AS e (position, event_id, stream, stream_version, type, schema_version, data, metadata, recorded_at, hash)
                    OVERRIDING SYSTEM VALUE
                    SELECT c.position, c.event_id, c.stream, c.stream_version, c.type, c.schema_version, c.data, c.metadata,
                           c.recorded_at, c.hash
                      FROM chained c
                    RETURNING e.event_id, e.position;
            ELSE
                RETURN QUERY
                    WITH drawn AS (
                        SELECT u.*, nextval('events_position_seq') AS position, now() AS recorded_at,
                               (SELECT p.hash FROM events p WHERE p.stream = u.stream AND p.stream_version = u.stream_version - 1) AS previous
                          FROM unnest(p_event_ids, p_streams, p_versions, p_types, p_schema_versions, p_data, p_metadata)
                               AS u(event_id, stream, stream_version, type, schema_version, data, metadata)
                    )
                    INSERT INTO events AS e (position, event_id, stream, stream_version, type, schema_version, data, metadata, recorded_at, hash)
                    OVERRIDING SYSTEM VALUE
                    SELECT d.position, d.event_id, d.stream, d.stream_version, d.type, d.schema_version, d.data, d.metadata,
                           d.recorded_at,
                           CASE WHEN d.stream_version > 1 AND d.previous IS NULL THEN nexus_chain_hole(d.stream, d.stream_version)
                                ELSE nexus_event_hash(d.previous, d.position, d.event_id, d.stream, d.stream_version, d.type,
                                                      d.schema_version, d.data, d.metadata, d.recorded_at) END
                      FROM drawn d
                    RETURNING e.event_id, e.position;
            END IF;
            \(unescaped: fingerprints ? fingerprintedKeysInsert : "INSERT INTO event_append_keys (idempotency_key, result) SELECT * FROM unnest(p_keys, p_key_results);")
        END
        $$
        """
    }
}
