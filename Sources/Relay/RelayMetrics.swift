import Foundation
import Metrics

/// The relay's metrics (swift-metrics; exported by whatever backend the binary bootstraps).
package struct RelayMetrics: Sendable {
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
    /// Per event, seconds from its append (`recorded_at`: the append transaction's start) to the
    /// relay handing it to the producer.
    package static let readDelay = "nexus_relay_read_delay_seconds"
    /// Per event, seconds from the relay handing it to the producer to the broker's acknowledgement.
    package static let delivery = "nexus_relay_delivery_seconds"

    private let readDelayTimer = Timer(label: Self.readDelay)
    private let deliveryTimer = Timer(label: Self.delivery)

    func record(_ status: RelayStatus) {
        Gauge(label: Self.lag).record(status.lag)
        Gauge(label: Self.checkpoint).record(status.checkpoint)
        Gauge(label: Self.active).record(status.role == .active ? 1 : 0)
    }

    func published(_ count: Int) {
        Counter(label: Self.published).increment(by: count)
    }

    /// Events recorded at `recordedAt` were handed to the producer now.
    func enqueued(recordedAt: some Sequence<Date>) {
        let now = Date()
        for recorded in recordedAt { readDelayTimer.recordSeconds(max(0, now.timeIntervalSince(recorded))) }
    }

    /// `count` events handed to the producer at `enqueued` were acknowledged now.
    func acknowledged(_ count: Int, enqueued: ContinuousClock.Instant) {
        let nanoseconds = (ContinuousClock.now - enqueued) / .nanoseconds(1)
        for _ in 0..<count { deliveryTimer.recordNanoseconds(Int64(nanoseconds)) }
    }

    func failed() {
        Counter(label: Self.failures).increment()
    }
}
