import EventStorePostgres
import HTTPAPI
import Logging
import NexusConfiguration
import PostgresNIO
import Projections
import Relay

/// Computes `/ready`: the database answers, the relay (if this process runs one) reaches the
/// broker and keeps up, and every projection's lag is under the limit.
struct ReadinessChecks: Sendable {
    /// Thresholds, from the environment.
    struct Limits: Sendable {
        /// Most positions the relay may lag (env NEXUS_READY_MAX_RELAY_LAG, default 10000).
        var relayLag = Int64(NexusSettings.current.readyMaximumRelayLag ?? 10_000)
        /// Most positions a projection may lag (env NEXUS_READY_MAX_PROJECTION_LAG, default 10000).
        var projectionLag = Int64(NexusSettings.current.readyMaximumProjectionLag ?? 10_000)
    }

    /// How long each check may take before it counts as failed (2 s).
    static let deadline = Duration.seconds(2)

    let client: PostgresClient
    let store: PostgresEventStore
    let relay: RelayService?
    let limits: Limits
    /// Each projection's low watermark from the previous check, where this one's scan starts.
    let watermarks: ProjectionWatermarks
    let logger: Logger

    func run() async -> Readiness {
        var checks: [Readiness.Check] = []
        let head: Int64
        do {
            head = try await withDeadline(Self.deadline) { try await store.headPosition() }
            checks.append(.init(name: "database", ok: true, detail: "reachable; head position \(head)"))
        } catch {
            return Readiness(checks: [.init(name: "database", ok: false, detail: "unreachable")])
        }
        if let relay {
            let status = relay.status()
            let ok = status.role != .stopped && status.lastError == nil && (status.role == .standby || status.lag <= limits.relayLag)
            let detail = "role \(status.role.rawValue), lag \(status.lag)" + (status.lastError.map { ", broker error: \($0)" } ?? "")
            checks.append(.init(name: "relay", ok: ok, detail: detail))
        }
        let watermarks = self.watermarks
        do {
            let cap = limits.projectionLag + 1
            let progress = try await withDeadline(Self.deadline) { try await ProjectionProgress.entries(client: client, cap: cap, watermarks: watermarks, logger: logger) }
            for projection in ProjectionCatalog.all {
                guard let entry = progress[projection.name] else {
                    checks.append(.init(name: "projection:\(projection.name)", ok: false, detail: "not created yet"))
                    continue
                }
                let lag = entry.pendingEvents >= cap ? "more than \(limits.projectionLag)" : "\(entry.pendingEvents)"
                checks.append(.init(
                    name: "projection:\(projection.name)", ok: entry.pendingEvents <= limits.projectionLag,
                    detail: "applied up to position \(entry.appliedPosition), \(lag) event(s) pending"))
            }
        } catch {
            checks.append(.init(name: "projections", ok: false, detail: "cannot read projection progress"))
        }
        return Readiness(checks: checks)
    }
}
