extension EventStoreSchema {
    /// Session-level advisory lock ("nexus-append") that orders appends: held while an append
    /// draws its positions and registers them as in flight, released before it commits.
    static let appendLockKey: Int64 = 0x6E65_7875_7361_7070
    /// Transaction-level advisory lock ("nexus-insf") every append holds, shared, until it
    /// commits; taking it exclusively waits for every append in flight.
    static let appendsInFlightKey: Int64 = 0x6E65_7875_7369_6E66

    /// Migration 2: appends commit concurrently, readers stay gap-free.
    ///
    /// A batch is one call of `nexus_append`. It holds the append lock only while it draws its
    /// positions (inserts) and registers its first position as in flight (a transaction-level
    /// advisory lock on the (int4, int4) key `position >> 31, position & 0x7fffffff`, released
    /// when it commits or aborts); it commits after releasing the append lock, so the commits of
    /// several batches, and their WAL flushes, overlap. A global-order reader first asks
    /// `nexus_settled_position()` for the last position drawn, lowered to just before the first
    /// position of any append still in flight, and then reads up to it in a new snapshot: every
    /// event at or below that position has committed (or never will), so the reader never
    /// passes an event that commits late.
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
                ids uuid[];
                positions int8[];
                first_position int8;
            BEGIN
                PERFORM pg_advisory_lock(\(unescaped: String(appendLockKey)));
                BEGIN
                    PERFORM pg_advisory_xact_lock_shared(\(unescaped: String(appendsInFlightKey)));
                    WITH inserted AS (
                        INSERT INTO events (event_id, stream, stream_version, type, schema_version, data, metadata)
                        SELECT * FROM unnest(p_event_ids, p_streams, p_versions, p_types, p_schema_versions, p_data, p_metadata)
                        RETURNING event_id, position
                    )
                    SELECT array_agg(event_id), array_agg(position), min(position) INTO ids, positions, first_position FROM inserted;
                    PERFORM pg_advisory_xact_lock_shared((first_position >> 31)::int4, (first_position & 2147483647)::int4);
                    INSERT INTO event_append_keys (idempotency_key, result) SELECT * FROM unnest(p_keys, p_key_results);
                EXCEPTION WHEN OTHERS OR query_canceled THEN
                    PERFORM pg_advisory_unlock(\(unescaped: String(appendLockKey)));
                    RAISE;
                END;
                PERFORM pg_advisory_unlock(\(unescaped: String(appendLockKey)));
                RETURN QUERY SELECT * FROM unnest(ids, positions);
            END
            $$
            """,
            """
            CREATE FUNCTION nexus_settled_position() RETURNS int8 LANGUAGE plpgsql AS $$
            DECLARE
                drawn int8;
                first_in_flight int8;
            BEGIN
                -- In this order: an append that draws after the first read cannot go below it, and
                -- one that drew before it is either committed or registered by the second.
                SELECT CASE WHEN is_called THEN last_value ELSE 0 END INTO drawn FROM events_position_seq;
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
