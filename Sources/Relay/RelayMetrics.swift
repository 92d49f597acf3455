import Metrics

/// The relay's metrics (swift-metrics; exported by whatever backend the binary bootstraps).
struct RelayMetrics: Sendable {
    /// Positions recorded but not yet acknowledged by the broker.
    static let lag = "nexus_relay_lag"
    /// The acknowledged checkpoint position.
    static let checkpoint = "nexus_relay_checkpoint"
    /// 1 while this instance holds the publisher lock.
    static let active = "nexus_relay_active"
    /// Events acknowledged by the broker.
    static let published = "nexus_relay_published_events_total"
    /// Publish attempts that failed (and will be retried).
    static let failures = "nexus_relay_publish_failures_total"

    func record(_ status: RelayStatus) {
        Gauge(label: Self.lag).record(status.lag)
        Gauge(label: Self.checkpoint).record(status.checkpoint)
        Gauge(label: Self.active).record(status.role == .active ? 1 : 0)
    }

    func published(_ count: Int) {
        Counter(label: Self.published).increment(by: count)
    }

    func failed() {
        Counter(label: Self.failures).increment()
    }
}
