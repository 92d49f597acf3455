import Metrics

/// The event store's metrics (swift-metrics; exported by whatever backend the process bootstraps).
struct AppendMetrics: Sendable {
    /// Time from a request entering the queue to its batch committing.
    let latency = Metrics.Timer(label: "nexus_append_duration_seconds")
    /// Requests committed together per transaction.
    let batchSize = Recorder(label: "nexus_append_batch_requests")
    /// Batches decided again after reading versions because the expected versions were not current.
    let retries = Counter(label: "nexus_append_retries_total", dimensions: [("after", "guess")])
    /// Batches decided again with appends held off because a concurrent append won the race.
    let lockedRetries = Counter(label: "nexus_append_retries_total", dimensions: [("after", "read")])
    /// Events written.
    let events = Counter(label: "nexus_events_appended_total")
    /// Append requests by outcome.
    let appended = Counter(label: "nexus_append_requests_total", dimensions: [("outcome", "appended")])
    let replayed = Counter(label: "nexus_append_requests_total", dimensions: [("outcome", "replayed")])
    let failed = Counter(label: "nexus_append_requests_total", dimensions: [("outcome", "failed")])
}
