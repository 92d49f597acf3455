import Metrics

/// The worker's metrics: tries by kind and result, and how long they took.
struct JobMetrics: Sendable {
    /// Counter of finished tries, dimensions `kind` and `result` (`done`, `retry`, `dead`).
    static let tries = "nexus_job_tries_total"
    /// Timer of tries, dimension `kind`.
    static let duration = "nexus_job_duration_seconds"

    /// Counter of finished jobs deleted after the retention time.
    static let pruned = "nexus_jobs_pruned_total"

    func recordPruned(_ count: Int) {
        Counter(label: Self.pruned).increment(by: count)
    }

    func record(_ transition: JobTransition, kind: String, duration: Duration) {
        let result = switch transition {
        case .done: "done"
        case .retry: "retry"
        case .dead: "dead"
        }
        Counter(label: Self.tries, dimensions: [("kind", kind), ("result", result)]).increment()
        Timer(label: Self.duration, dimensions: [("kind", kind)]).recordNanoseconds(
            duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000)
    }
}
