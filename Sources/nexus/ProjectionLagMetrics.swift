import EventStorePostgres
import Logging
import Metrics
import PostgresNIO
import Projections

/// `nexus_projection_lag{projection}` (events of the projection's types not applied yet,
/// counted up to ``cap``) and `nexus_projection_applied_position{projection}`,
/// computed from the database when `/metrics` is scraped, so every process serving metrics
/// reports every projection, wherever its workers run.
struct ProjectionLagMetrics: Sendable {
    /// The most pending events counted per projection (100,000), which bounds a scrape's cost.
    static let cap: Int64 = 100_000

    let client: PostgresClient
    /// Each projection's low watermark from the previous scrape, where this one's scan starts.
    let watermarks: ProjectionWatermarks
    let logger: Logger

    /// Records the gauges; if the database does not answer within the deadline, they keep
    /// their last values and a warning is logged.
    func refresh() async {
        let client = self.client
        let logger = self.logger
        let watermarks = self.watermarks
        do {
            let entries = try await withDeadline(ReadinessChecks.deadline) {
                try await ProjectionProgress.entries(client: client, cap: Self.cap, watermarks: watermarks, logger: logger)
            }
            for (projection, entry) in entries {
                Gauge(label: "nexus_projection_lag", dimensions: [("projection", projection)]).record(entry.pendingEvents)
                Gauge(label: "nexus_projection_applied_position", dimensions: [("projection", projection)]).record(entry.appliedPosition)
            }
        } catch {
            logger.warning("could not read projection progress for /metrics", metadata: [ProjectionLogKey.error: "\(error)"])
        }
    }
}
