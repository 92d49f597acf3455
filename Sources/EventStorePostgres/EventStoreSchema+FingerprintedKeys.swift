import EventStore

extension EventStoreSchema {
    /// Migration 5: an idempotency key is recorded with the fingerprint of the request that used
    /// it (``AppendRequest/requestFingerprint``), so that the same key with another request is
    /// refused instead of replaying a result that belongs to a different request.
    ///
    /// Keys recorded before (and by a binary that does not send fingerprints) have no fingerprint
    /// and keep replaying for any request with the key. The 10-argument `nexus_append` stays, so
    /// that servers of the previous version keep appending during a rolling upgrade; this
    /// version calls the new 11-argument one, whose last argument holds each key's fingerprint
    /// (`''` for none).
    static let fingerprintedAppendKeys = SchemaMigration(
        version: 5,
        name: "request fingerprints beside idempotency keys",
        statements: [
            """
            ALTER TABLE event_append_keys ADD COLUMN request_fingerprint text
                CHECK (length(request_fingerprint) BETWEEN 1 AND \(unescaped: String(AppendRequest.maximumRequestFingerprintLength)))
            """,
            setBasedAppendFunction(fingerprints: true),
        ]
    )

    /// The key insert of the 11-argument `nexus_append`.
    static let fingerprintedKeysInsert = """
        INSERT INTO event_append_keys (idempotency_key, result, request_fingerprint)
                SELECT k, r, nullif(f, '') FROM unnest(p_keys, p_key_results, p_key_fingerprints) AS u(k, r, f);
        """
}
