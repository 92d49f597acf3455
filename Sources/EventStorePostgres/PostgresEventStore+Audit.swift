public import EventStore
import PostgresNIO

extension PostgresEventStore {
    /// Recomputes every event's hash from its content and its predecessor's stored hash, in
    /// global order, and reports the first event whose stored hash differs or whose
    /// predecessor is missing.
    ///
    /// - Parameters:
    ///   - stream: only this stream's chain; all streams when `nil`.
    ///   - chunkSize: events checked per query.
    ///   - progress: called after each chunk with (events checked, total events).
    public func verifyChains(
        stream: StreamName? = nil,
        chunkSize: Int64 = 50_000,
        progress: @Sendable (Int64, Int64) -> Void = { _, _ in }
    ) async throws -> ChainVerification {
        let streamFilter = stream?.rawValue
        let (first, last, total) = try await positionRange(stream: streamFilter)
        var checked: Int64 = 0
        var lower = first - 1
        while lower < last {
            let upper = lower + chunkSize
            let rows = try await client.query(
                """
                SELECT e.position, e.stream, e.stream_version,
                       CASE WHEN e.stream_version > 1 AND p.hash IS NULL THEN 'previous version is missing'
                            ELSE 'stored hash does not match the content' END
                  FROM events e
                  LEFT JOIN events p ON p.stream = e.stream AND p.stream_version = e.stream_version - 1
                 WHERE e.position > \(lower) AND e.position <= \(upper)
                   AND (\(streamFilter)::text IS NULL OR e.stream = \(streamFilter))
                   AND \(unescaped: Self.brokenLink)
                 ORDER BY e.position LIMIT 1
                """,
                logger: logger
            )
            for try await (position, stream, version, reason) in rows.decode((Int64, String, Int64, String).self) {
                let before = try await count(stream: streamFilter, after: lower, upTo: position)
                return ChainVerification(
                    eventsChecked: checked + before,
                    firstBrokenLink: .init(position: position, stream: stream, version: version, reason: reason)
                )
            }
            checked += try await count(stream: streamFilter, after: lower, upTo: upper)
            progress(checked, total)
            lower = upper
        }
        return ChainVerification(eventsChecked: checked, firstBrokenLink: nil)
    }

    /// Whether each event of `stream` from version `from` on (at most `limit`) links to its
    /// predecessor: `true` when its stored hash matches its content and the previous version's
    /// stored hash, by version. The per-event form of ``verifyChains(stream:chunkSize:progress:)``.
    public func chainLinks(of stream: StreamName, from version: Int64, limit: Int) async throws -> [Int64: Bool] {
        let rows = try await client.query(
            """
            SELECT e.stream_version, coalesce(NOT \(unescaped: Self.brokenLink), false)
              FROM events e
              LEFT JOIN events p ON p.stream = e.stream AND p.stream_version = e.stream_version - 1
             WHERE e.stream = \(stream.rawValue) AND e.stream_version >= \(version)
             ORDER BY e.stream_version LIMIT \(Int64(clamping: limit))
            """,
            logger: logger
        )
        var links: [Int64: Bool] = [:]
        for try await (version, intact) in rows.decode((Int64, Bool).self) { links[version] = intact }
        return links
    }

    /// The condition on an event `e` joined with its predecessor `p` (same stream, previous
    /// version) that makes its link broken: the predecessor is missing or the stored hash does
    /// not match the content.
    private static let brokenLink = """
        ((e.stream_version > 1 AND p.hash IS NULL)
         OR e.hash <> nexus_event_hash(p.hash, e.position, e.event_id, e.stream, e.stream_version, e.type,
                                       e.schema_version, e.data, e.metadata, e.recorded_at))
        """

    private func positionRange(stream: String?) async throws -> (Int64, Int64, Int64) {
        let rows = try await client.query(
            """
            SELECT coalesce(min(position), 1), coalesce(max(position), 0), count(*)
              FROM events WHERE \(stream)::text IS NULL OR stream = \(stream)
            """,
            logger: logger
        )
        for try await range in rows.decode((Int64, Int64, Int64).self) { return range }
        return (1, 0, 0)
    }

    private func count(stream: String?, after lower: Int64, upTo upper: Int64) async throws -> Int64 {
        let rows = try await client.query(
            """
            SELECT count(*) FROM events
             WHERE position > \(lower) AND position <= \(upper) AND (\(stream)::text IS NULL OR stream = \(stream))
            """,
            logger: logger
        )
        for try await count in rows.decode(Int64.self) { return count }
        return 0
    }
}
