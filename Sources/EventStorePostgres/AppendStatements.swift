import Foundation
import PostgresNIO

/// The two statements of every append batch, prepared once per connection so that the
/// server parses and plans them once, not for every batch.
enum AppendStatements {
    /// Earlier results of idempotency keys (rows with a key, see ``RecordedResults``) and the
    /// current version of each stream (rows without), in one round trip. One backward index
    /// probe per stream: a `GROUP BY max` would read every event of each stream.
    struct LookUp: PostgresPreparedStatement {
        static let sql = """
            \(RecordedResults.query) WHERE k.idempotency_key = ANY($1::text[])
            UNION ALL
            SELECT NULL, NULL, s.stream, e.stream_version, 0, 0 FROM unnest($2::text[]) AS s(stream)
            CROSS JOIN LATERAL (
                SELECT stream_version FROM events WHERE events.stream = s.stream ORDER BY stream_version DESC LIMIT 1
            ) e
            """
        typealias Row = (String?, String?, String, Int64, Int64, Int64)

        var keys: [String]
        var streams: [String]

        func makeBindings() throws -> PostgresBindings {
            var bindings = PostgresBindings(capacity: 2)
            bindings.append(keys)
            bindings.append(streams)
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Row.self) }
    }

    /// `nexus_append`: registers the batch as in flight, inserts the events and the idempotency keys and,
    /// outside a transaction, commits; returns each event's position.
    struct Write: PostgresPreparedStatement {
        static let sql = """
            SELECT appended_id, appended_position
              FROM nexus_append($1::uuid[], $2::text[], $3::int8[], $4::text[], $5::int4[], $6::jsonb[], $7::jsonb[], $8::text[], $9::jsonb[], $10::bool, $11::text[])
            """
        typealias Row = (UUID, Int64)

        var rows: AppendPlan.Rows
        var keys: AppendPlan.KeyRecords

        func makeBindings() throws -> PostgresBindings {
            var bindings = PostgresBindings(capacity: 11)
            bindings.append(rows.ids)
            bindings.append(rows.streams)
            bindings.append(rows.versions)
            bindings.append(rows.types)
            bindings.append(rows.schemaVersions)
            bindings.append(rows.data)
            bindings.append(rows.metadata)
            bindings.append(keys.keys)
            bindings.append(keys.results)
            bindings.append(rows.hasRepeatedStreams)
            bindings.append(keys.fingerprints)
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Row.self) }
    }
}
