extension EventStoreSchema {
    /// Transaction-level advisory lock ("nexus-insf") every append holds, shared, until it
    /// commits; taking it exclusively holds off new appends and waits for every one in flight.
    static let appendsInFlightKey: Int64 = 0x6E65_7875_7369_6E66

    /// Migration 2: appends insert and commit concurrently; global readers stay gap-free.
    ///
    /// A batch is one call of `nexus_append`. Before it draws any position, it registers itself
    /// as in flight with a lower bound of the positions it can draw (the sequence's last value
    /// plus one), as a transaction-level advisory lock on the (int4, int4) key
    /// `(bound >> 31, bound & 0x7fffffff)` that PostgreSQL releases when the transaction commits
    /// or aborts. Nothing serialises appends: their inserts, commits and WAL flushes overlap.
    ///
    /// A global-order reader first asks `nexus_settled_position()` for the last position drawn,
    /// lowered to just below the smallest bound of any append in flight, and then reads up to it
    /// in a new snapshot. An append that drew a position at or below the last value read had
    /// registered before drawing it, so it is either seen in flight or already ended; one that
    /// draws later draws above it. Every event at or below the settled position has therefore
    /// committed (or never will), and a reader never passes an event that commits late.
    ///
    /// The function does not NOTIFY: PostgreSQL commits notifying transactions one at a time
    /// (a lock held through the WAL flush), which would undo the overlap; the store notifies
    /// after its commits instead, from a statement of its own.
    static let batchAppends = SchemaMigration(
        version: 2,
        name: "concurrent batch appends (nexus_append, nexus_settled_position)",
        statements: [
            """
            CREATE FUNCTION nexus_append(
                p_event_ids uuid[], p_streams text[], p_versions int8[], p_types text[], p_schema_versions int4[],
                p_data jsonb[], p_metadata jsonb[], p_keys text[], p_key_results jsonb[]
            ) RETURNS TABLE (appended_id uuid, appended_position int8) LANGUAGE plpgsql AS $$
            DECLARE
                bound int8;
            BEGIN
                PERFORM pg_advisory_xact_lock_shared(\(unescaped: String(appendsInFlightKey)));
                bound := coalesce(pg_sequence_last_value('events_position_seq'), 0) + 1;
                PERFORM pg_advisory_xact_lock_shared((bound >> 31)::int4, (bound & 2147483647)::int4);
                RETURN QUERY
                    INSERT INTO events AS e (event_id, stream, stream_version, type, schema_version, data, metadata)
                    SELECT * FROM unnest(p_event_ids, p_streams, p_versions, p_types, p_schema_versions, p_data, p_metadata)
                    RETURNING e.event_id, e.position;
                INSERT INTO event_append_keys (idempotency_key, result) SELECT * FROM unnest(p_keys, p_key_results);
            END
            $$
            """,
            """
            CREATE FUNCTION nexus_settled_position() RETURNS int8 LANGUAGE plpgsql AS $$
            DECLARE
                drawn int8;
                first_in_flight int8;
            BEGIN
                -- In this order: see the type's documentation (EventStoreSchema.batchAppends).
                drawn := coalesce(pg_sequence_last_value('events_position_seq'), 0);
                SELECT min((classid::int8 << 31) | objid::int8) INTO first_in_flight FROM pg_locks
                 WHERE locktype = 'advisory' AND objsubid = 2 AND granted
                   AND database = (SELECT oid FROM pg_database WHERE datname = current_database());
                RETURN least(drawn, first_in_flight - 1);
            END
            $$
            """,
        ]
    )
}
