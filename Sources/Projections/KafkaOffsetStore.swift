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
        let rows = try await client.query(
            """
            SELECT o.topic, o.partition, o.next_offset FROM read.projection_offsets o
              JOIN unnest(\(topics)::text[], \(numbers)::int4[]) AS p(topic, partition)
                ON p.topic = o.topic AND p.partition = o.partition
             WHERE o.projection = \(projection)
            """,
            logger: logger
        )
        var offsets: [KafkaTopicPartition: Int64] = [:]
        for try await (topic, partition, offset) in rows.decode((String, Int32, Int64).self) {
            offsets[KafkaTopicPartition(topic: topic, partition: partition)] = offset
        }
        return offsets
    }

    /// Saves next offsets on `connection` (inside the batch's transaction); never moves one backwards.
    func save(_ offsets: [KafkaTopicPartition: Int64], on connection: PostgresConnection) async throws {
        let keys = Array(offsets.keys)
        let topics = keys.map(\.topic)
        let numbers = keys.map(\.partition)
        let next = keys.map { offsets[$0, default: 0] }
        try await connection.query(
            """
            INSERT INTO read.projection_offsets (projection, topic, partition, next_offset)
            SELECT \(projection), * FROM unnest(\(topics)::text[], \(numbers)::int4[], \(next)::int8[])
            ON CONFLICT (projection, topic, partition) DO UPDATE SET next_offset = excluded.next_offset, updated_at = now()
             WHERE read.projection_offsets.next_offset < excluded.next_offset
            """,
            logger: logger
        )
    }
}
