import EventStorePostgres
import Logging
import PostgresNIO

/// The relay's checkpoint, bound to the Kafka cluster it counts deliveries to.
///
/// A position only means "published up to here" for one cluster. The active relay reads the
/// cluster id from broker metadata and ``bind(on:)``s the checkpoint to it: an unbound checkpoint
/// (a new one, one written before clusters were recorded, or one an operator released) is bound
/// to this cluster; one bound to another cluster is refused with ``RelayClusterMismatch``, and the
/// relay stops rather than publish there. Every save moves the checkpoint only while it is still
/// bound to the same cluster. The embedded broker is a new cluster at every start:
/// `nexus dev`/`serve` with it release the checkpoint before their relay starts.
struct RelayCheckpoint: Sendable {
    let name: String
    let clusterID: String
    let logger: Logger

    /// Binds the checkpoint to ``clusterID`` if unbound and returns its position.
    /// - Throws: ``RelayClusterMismatch`` when it is bound to another cluster.
    func bind(on connection: PostgresConnection) async throws -> Int64 {
        let rows = try await connection.queryUnlessClosed(
            """
            INSERT INTO checkpoints AS c (name, position, kafka_cluster_id) VALUES (\(name), 0, \(clusterID))
            ON CONFLICT (name) DO UPDATE SET kafka_cluster_id = excluded.kafka_cluster_id, updated_at = now()
             WHERE c.kafka_cluster_id IS NULL
            """, logger: logger)
        for try await _ in rows {}
        let bound = try await connection.queryUnlessClosed(
            "SELECT position, kafka_cluster_id FROM checkpoints WHERE name = \(name)", logger: logger)
        for try await (position, cluster) in bound.decode((Int64, String?).self) {
            guard cluster == clusterID else { throw RelayClusterMismatch(checkpoint: name, boundTo: cluster ?? "", connectedTo: clusterID) }
            return position
        }
        throw RelayClusterMismatch(checkpoint: name, boundTo: "", connectedTo: clusterID)
    }

    /// Moves the checkpoint to `position`, only while it is bound to ``clusterID``.
    /// - Throws: ``RelayClusterMismatch`` when it no longer is (nothing is written).
    func save(_ position: Int64, on connection: PostgresConnection) async throws {
        let rows = try await connection.queryUnlessClosed(
            """
            UPDATE checkpoints SET position = \(position), updated_at = now()
             WHERE name = \(name) AND kafka_cluster_id = \(clusterID) RETURNING 1
            """, logger: logger)
        var updated = 0
        for try await _ in rows { updated += 1 }
        guard updated == 1 else { throw RelayClusterMismatch(checkpoint: name, boundTo: "another cluster", connectedTo: clusterID) }
    }
}

/// The relay's checkpoint is bound to another Kafka cluster than the one this relay is connected
/// to: publishing would skip, on this cluster, every event the other one already has, and move the
/// other cluster's checkpoint. The relay stops. To publish to a new cluster on purpose, release
/// the checkpoint (`UPDATE checkpoints SET kafka_cluster_id = NULL, position = 0 WHERE name = 'relay'`
/// publishes everything again there).
public struct RelayClusterMismatch: Error, Sendable, CustomStringConvertible {
    /// The checkpoint's name.
    public var checkpoint: String
    /// The cluster id it is bound to.
    public var boundTo: String
    /// The cluster id this relay is connected to.
    public var connectedTo: String

    public var description: String {
        "the relay checkpoint '\(checkpoint)' is bound to Kafka cluster '\(boundTo)', but this relay is connected to cluster '\(connectedTo)': refusing to publish (release the checkpoint to publish to a new cluster; see README, Operations)"
    }
}
