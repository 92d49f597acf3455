import EventStore
import Foundation
import NIOCore
import PostgresNIO

extension RecordedEvent {
    /// The most events one row of ``columnsQuery(after:upTo:limit:)`` carries. A row's largest
    /// array (`data`) is then at most this many times ``EventData/maximumDataSize`` (64 MiB),
    /// far below PostgreSQL's 1 GiB limit for one value, while the per-row work of the protocol
    /// is paid once per thousand events.
    static let eventsPerColumnsRow: Int32 = 1_000

    /// The global log after `position` up to `settled` (at most `limit` events), with the events
    /// in rows of at most ``eventsPerColumnsRow``, one array per column in order of position,
    /// decoded by ``appendColumns(of:to:)``.
    ///
    /// A read of the whole log decodes millions of events, and one row per event cost the client
    /// more than the server spends producing it (PostgresNIO parses a `DataRow` message and
    /// builds a `PostgresCell` for every column of every row). The page's positions are read
    /// first (an index-only scan); each row then aggregates one range of them, found by an index
    /// scan, so PostgreSQL sends the first rows while it builds the next and never sorts.
    /// The number of ranges is bounded by the limit as well, which keeps the planner's estimate
    /// (and JIT compilation, which cost 20–30 ms per page of 100,000) out of small and large pages alike.
    /// The positions are limited before the settled bound is applied: with both bounds in one
    /// condition, a table without statistics (just loaded, not yet analysed) is estimated at a
    /// few hundred rows in the range, and PostgreSQL then reads and sorts the whole rest of the
    /// log for each page (26 ms instead of 3 ms for a page of 5,000 of 200,000 events).
    static func columnsQuery(after position: Int64, upTo settled: Int64, limit: Int64) -> PostgresQuery {
        let size = eventsPerColumnsRow
        let ranges = limit / Int64(size) + 1
        return """
            WITH page AS MATERIALIZED (
                SELECT array_agg(position) AS positions
                  FROM (SELECT position FROM (SELECT position FROM events WHERE position > \(position) ORDER BY position LIMIT \(limit)) l
                         WHERE position <= \(settled)) p
            )
            SELECT c.* FROM page,
                LATERAL (SELECT first FROM generate_series(1, cardinality(page.positions), \(size)) AS first LIMIT \(ranges)) AS r,
                LATERAL (
                    SELECT array_agg(position), array_agg(event_id), array_agg(stream), array_agg(stream_version), array_agg(type),
                           array_agg(schema_version), array_agg(data), array_agg(metadata), array_agg(recorded_at), array_agg(hash)
                      FROM (SELECT position, event_id, stream, stream_version, type, schema_version, data, metadata, recorded_at, hash
                              FROM events
                             WHERE position BETWEEN page.positions[r.first]
                                   AND page.positions[least(r.first + \(size) - 1, cardinality(page.positions))]
                             ORDER BY position) e
                ) AS c
            """
    }

    /// The events of every row of ``columnsQuery(after:upTo:limit:)``, in order of position.
    static func events(inColumns rows: PostgresRowSequence) async throws -> [RecordedEvent] {
        var events: [RecordedEvent] = []
        var ascending = true
        for try await row in rows {
            ascending = try appendColumns(of: row.lazy.map(\.bytes), to: &events) && ascending
        }
        // PostgreSQL fills each array in the order of its sorted input and returns the ranges in
        // order, but SQL promises neither: checked, and sorted if it ever happens.
        if !ascending { events.sort { $0.position < $1.position } }
        return events
    }

    /// Appends the events of one row of ``columnsQuery(after:upTo:limit:)`` (its cells' bytes,
    /// in binary format) to `events`, and tells whether their positions rose from the last event
    /// already there. Every value is checked (column count, element types, lengths, equal array
    /// lengths): a malformed row throws an ``EventStoreError`` and leaves `events` as it was.
    @discardableResult
    static func appendColumns(of row: some Sequence<ByteBuffer?>, to events: inout [RecordedEvent]) throws -> Bool {
        var cells = row.makeIterator()
        func next(_ type: PostgresDataType, _ column: String) throws -> BinaryArrayReader {
            guard let cell = cells.next() else {
                throw EventStoreError(.unavailable, "the event store returned a malformed page", context: ["column": column, "problem": "missing"])
            }
            return try BinaryArrayReader(cell, elementType: type, column: column)
        }
        var positions = try next(.int8, "position")
        var ids = try next(.uuid, "event_id")
        var streams = try next(.text, "stream")
        var versions = try next(.int8, "stream_version")
        var types = try next(.text, "type")
        var schemaVersions = try next(.int4, "schema_version")
        var data = try next(.jsonb, "data")
        var metadata = try next(.jsonb, "metadata")
        var times = try next(.timestamptz, "recorded_at")
        var hashes = try next(.bytea, "hash")
        let count = positions.remaining
        guard cells.next() == nil,
            [ids, streams, versions, types, schemaVersions, data, metadata, times, hashes].allSatisfy({ $0.remaining == count })
        else {
            throw EventStoreError(
                .unavailable, "the event store returned a malformed page",
                context: ["problem": "the columns' arrays differ in length or there are more than ten"])
        }
        let start = events.count
        var previous = events.last?.position ?? .min
        var ascending = true
        do {
            for _ in 0..<count {
                let position = try positions.nextInt64()
                ascending = ascending && position > previous
                previous = position
                events.append(
                    RecordedEvent(
                        id: try ids.nextUUID(),
                        stream: try StreamName(streams.nextString()),
                        version: try versions.nextInt64(),
                        position: position,
                        type: try types.nextString(),
                        schemaVersion: Int(try schemaVersions.nextInt32()),
                        data: try data.nextJSONData(),
                        metadata: try metadata.nextMetadata(),
                        recordedAt: try times.nextDate(),
                        hash: try hashes.nextHex()
                    ))
            }
            for column in [positions, ids, streams, versions, types, schemaVersions, data, metadata, times, hashes] { try column.finish() }
        } catch {
            events.removeSubrange(start...)
            throw error
        }
        return ascending
    }
}
