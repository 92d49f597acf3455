import EventStorePostgres
import Jobs
import Logging
import Metrics
import PostgresNIO

/// `nexus_jobs{kind,state}` (due, scheduled, retrying, running, dead) and
/// `nexus_jobs_oldest_due_seconds{kind}`, read from the job queue when `/metrics` is scraped, so
/// every process serving metrics reports the whole queue, wherever its workers run. Kinds in
/// `kinds` are reported (as zeros) even when none of their jobs is waiting, running or dead.
struct JobQueueMetrics: Sendable {
    let queue: JobQueue
    let kinds: [String]
    let logger: Logger

    /// Records the gauges; if the database does not answer within the deadline, they keep their
    /// last values and a warning is logged.
    func refresh() async {
        let queue = self.queue
        do {
            let reported = try await withDeadline(ReadinessChecks.deadline) { try await queue.status() }
            let idle = kinds.filter { name in !reported.contains { $0.kind == name } }.map {
                JobKindStatus(kind: $0, due: 0, scheduled: 0, retrying: 0, running: 0, dead: 0, oldestDueSeconds: 0)
            }
            for kind in reported + idle {
                for (state, count) in kind.counts {
                    Gauge(label: "nexus_jobs", dimensions: [("kind", kind.kind), ("state", state)]).record(count)
                }
                Gauge(label: "nexus_jobs_oldest_due_seconds", dimensions: [("kind", kind.kind)]).record(kind.oldestDueSeconds)
            }
        } catch {
            logger.warning("could not read the job queue for /metrics", metadata: ["nexus.error": "\(error)"])
        }
    }
}
