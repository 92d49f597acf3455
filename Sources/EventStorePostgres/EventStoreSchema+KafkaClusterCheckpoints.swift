import PostgresNIO

extension EventStoreSchema {
    /// Migration 6: a checkpoint can be bound to the Kafka cluster it counts deliveries to
    /// (`checkpoints.kafka_cluster_id`, the cluster id from broker metadata). The relay binds its
    /// checkpoint to the cluster it publishes to and refuses to publish to any other, so a relay
    /// pointed at another cluster never moves the first cluster's checkpoint. `NULL` means not
    /// bound yet: the next relay binds it (existing checkpoints, or one deliberately released).
    static let kafkaClusterCheckpoints = SchemaMigration(
        version: 6,
        name: "checkpoints bound to a Kafka cluster (kafka_cluster_id)",
        statements: [
            "ALTER TABLE checkpoints ADD COLUMN kafka_cluster_id text CHECK (length(kafka_cluster_id) BETWEEN 1 AND 255)"
        ]
    )
}
