import EventStorePostgres
import Logging
import PostgresNIO
import Projections
import Relay

/// The embedded broker starts empty at every start of the process, while the database keeps the
/// relay's checkpoint and the projections' Kafka offsets from the previous run. Events the old
/// broker held that the projections had not applied yet would never arrive again, and saved
/// offsets would point into topics that no longer exist. So before such a process runs its
/// relay and workers, this forgets the offsets of the area topics and moves the relay's
/// checkpoint back to the position up to which every projection has applied everything it
/// handles (`read.read_position` from 0): the relay publishes again what they may lack, and they
/// skip what they already have (per-stream version guard). The checkpoint is also released from
/// the previous run's broker (a cluster that no longer exists), so the relay binds it to the new one.
struct EmbeddedBrokerRestart: Sendable {
    let topics: [String]
    let checkpointName: String
    let logger: Logger

    /// Runs the catch-up on `client`.
    func prepare(client: PostgresClient) async throws {
        var applied = Int64.max
        for projection in ProjectionCatalog.all {
            let types = Array(projection.handledEventTypes)
            let position = try await client.firstInt64("SELECT read.read_position(\(projection.name), 0, \(types))", logger: logger)
            applied = min(applied, position)
        }
        let start = applied == .max ? 0 : applied
        try await client.withConnection { connection in
            try await connection.inTransactionIfOpen(logger: logger) {
                try await connection.queryIfOpen("DELETE FROM read.projection_offsets WHERE topic = ANY(\(topics))", logger: logger)
                // The new broker is a new cluster: the checkpoint is released for the relay to bind it.
                try await connection.queryIfOpen(
                    """
                    UPDATE checkpoints SET position = least(position, \(start)), kafka_cluster_id = NULL, updated_at = now()
                     WHERE name = \(checkpointName)
                    """,
                    logger: logger)
            }
        }
        logger.info("embedded broker: the relay starts after position \(start), up to which every projection has applied its events")
    }
}
