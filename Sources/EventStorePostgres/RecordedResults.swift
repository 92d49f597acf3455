import EventStore

/// Results of earlier appends, rebuilt from `event_append_keys` rows joined to the events they
/// wrote (a key row records each stream's version; positions come from the events themselves).
struct RecordedResults {
    private var streams: [String: [(ordinal: Int64, result: StreamAppendResult)]] = [:]
    private var fingerprints: [String: String] = [:]

    /// The rows of this query, filtered by the caller on `k.idempotency_key`, are
    /// (key, request fingerprint, stream, version, position, ordinal of the stream in its request).
    static let query = """
        SELECT k.idempotency_key, k.request_fingerprint, s.item->>'stream', (s.item->>'version')::int8, e.position, s.ordinal
          FROM event_append_keys k
         CROSS JOIN LATERAL jsonb_array_elements(k.result->'streams') WITH ORDINALITY AS s(item, ordinal)
          JOIN events e ON e.stream = s.item->>'stream' AND e.stream_version = (s.item->>'version')::int8
        """

    mutating func add(key: String, fingerprint: String?, ordinal: Int64, stream: StreamAppendResult) {
        streams[key, default: []].append((ordinal, stream))
        fingerprints[key] = fingerprint
    }

    /// Each key's result, streams in request order, marked as a replay.
    var results: [String: AppendResult] {
        Dictionary(uniqueKeysWithValues: streams.map { key, rows in
            let ordered = rows.sorted { $0.ordinal < $1.ordinal }.map(\.result)
            return (key, AppendResult(
                streams: ordered, position: ordered.map(\.position).max() ?? 0, isReplay: true, requestFingerprint: fingerprints[key]))
        })
    }
}
