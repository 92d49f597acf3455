import EventStorePostgres
import Kafka
import Logging
import PostgresNIO

/// A projection's Kafka positions in `read.projection_offsets`: the next offset to read per
/// (topic, partition), saved in the transaction that applied the messages before it.
struct KafkaOffsetStore: Sendable {
    let projection: String
    let logger: Logger

    /// The saved next offsets of `partitions` (partitions never saved are absent: the consumer
    /// then starts from the earliest message).
    func offsets(for partitions: [KafkaTopicPartition], client: PostgresClient) async throws -> [KafkaTopicPartition: Int64] {
        let topics = partitions.map(\.topic)
        let numbers = partitions.map(\.partition)
        let query: PostgresQuery = """
            SELECT o.topic, o.partition, o.next_offset FROM read.projection_offsets o
              JOIN unnest(\(topics)::text[], \(numbers)::int4[]) AS p(topic, partition)
                ON p.topic = o.topic AND p.partition = o.partition
             WHERE o.projection = \(projection)
            """
        return try await client.withRows(query, logger: logger) { rows in
            var offsets: [KafkaTopicPartition: Int64] = [:]
            for try await (topic, partition, offset) in rows.decode((String, Int32, Int64).self) {
                offsets[KafkaTopicPartition(topic: topic, partition: partition)] = offset
            }
            return offsets
        }
    }

    /// Saves next offsets on `connection` (inside the batch's transaction; never moves one
    /// backwards) after checking that the offsets this worker committed before are still there,
    /// in one statement with the rest of what a live batch writes last: the stream versions it
    /// applied (`applied_streams` of the generation `search_path` points at) and the read caches'
    /// notification of what it changed.
    ///
    /// - Parameters:
    ///   - committed: per assigned partition, the next offset this worker last read from or
    ///     committed to the table. A saved offset behind it means the database lost commits it
    ///     had acknowledged (projection batches commit asynchronously): this then throws
    ///     ``ProjectionError/Code/savedOffsetsLost`` and the caller's transaction rolls back.
    ///   - appliedVersions: the new applied version per stream (none outside a live batch).
    ///   - change: what the batch changed, announced to the read caches when it commits.
    func save(
        _ offsets: [KafkaTopicPartition: Int64], checking committed: [KafkaTopicPartition: Int64],
        appliedVersions: [String: Int64] = [:], announcing change: ReadCacheChange = .none, on connection: PostgresConnection
    ) async throws {
        guard !offsets.isEmpty || !committed.isEmpty || !appliedVersions.isEmpty || !change.isEmpty else { return }
        let keys = Array(offsets.keys)
        let topics = keys.map(\.topic)
        let numbers = keys.map(\.partition)
        let next = keys.map { offsets[$0, default: 0] }
        let checked = Array(committed.keys)
        let checkedTopics = checked.map(\.topic)
        let checkedNumbers = checked.map(\.partition)
        let checkedOffsets = checked.map { committed[$0, default: 0] }
        let streams = Array(appliedVersions.keys)
        var binds = PostgresBindings(capacity: 11)
        /// Binds `value`; returns its placeholder.
        func bind(_ value: some PostgresDynamicTypeEncodable) -> String {
            binds.append(value)
            return "$\(binds.count)"
        }
        let name = bind(projection)
        var sql = """
            WITH behind AS (
                SELECT c.topic, c.partition, c.committed, coalesce(o.next_offset, 0) AS saved
                  FROM unnest(\(bind(checkedTopics))::text[], \(bind(checkedNumbers))::int4[], \(bind(checkedOffsets))::int8[])
                       AS c(topic, partition, committed)
                  LEFT JOIN read.projection_offsets o ON o.projection = \(name) AND o.topic = c.topic AND o.partition = c.partition
                 WHERE coalesce(o.next_offset, 0) < c.committed
            ), saved AS (
                INSERT INTO read.projection_offsets (projection, topic, partition, next_offset)
                SELECT \(name), * FROM unnest(\(bind(topics))::text[], \(bind(numbers))::int4[], \(bind(next))::int8[])
                 WHERE NOT EXISTS (SELECT FROM behind)
                ON CONFLICT (projection, topic, partition) DO UPDATE SET next_offset = excluded.next_offset, updated_at = now()
                 WHERE read.projection_offsets.next_offset < excluded.next_offset
            )
            """
        // The versions' insert names the generation's table through `search_path`, so it is left
        // out when there is none to save.
        if !streams.isEmpty {
            sql += """
                , applied AS (
                    INSERT INTO applied_streams (stream, version)
                    SELECT * FROM unnest(\(bind(streams))::text[], \(bind(streams.map { appliedVersions[$0, default: 0] }))::int8[])
                    ON CONFLICT (stream) DO UPDATE SET version = excluded.version WHERE applied_streams.version < excluded.version
                )
                """
        }
        sql += "\nSELECT topic, partition, committed, saved FROM behind"
        // The notification: a last row of NULLs.
        if !change.isEmpty {
            sql += "\nUNION ALL SELECT NULL, NULL, NULL, NULL FROM pg_notify(\(bind(ReadCacheChange.channel)), \(bind(change.payload)))"
        }
        let rows = try await connection.queryIfOpen(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger)
        var lost: [String] = []
        for try await (topic, partition, committed, saved) in rows.decode((String?, Int32?, Int64?, Int64?).self) {
            guard let topic, let partition, let committed, let saved else { continue }
            lost.append("\(topic)/\(partition): saved \(saved), committed \(committed)")
        }
        guard lost.isEmpty else {
            throw ProjectionError(
                .savedOffsetsLost, "saved offsets are behind this worker's commits (\(lost.sorted().joined(separator: "; ")))",
                context: ["projection": projection])
        }
    }
}
