import Foundation
import Metrics

/// Per-event latencies of a live projection worker (swift-metrics timers, dimension `projection`):
/// how long an event took from the relay's producer to the worker, and from there to the commit.
package struct ProjectionLatencies: Sendable {
    /// Seconds from the producer creating a message (its Kafka create time, whole milliseconds)
    /// to the worker taking it in a batch: the broker, the consumer's fetch and its buffer.
    package static let takeDelay = "nexus_projection_take_delay_seconds"
    /// Seconds from the worker taking a batch to its transaction's commit, per event applied.
    package static let apply = "nexus_projection_apply_seconds"

    private let takeDelayTimer: Timer
    private let applyTimer: Timer

    init(projection: String) {
        takeDelayTimer = Timer(label: Self.takeDelay, dimensions: [("projection", projection)])
        applyTimer = Timer(label: Self.apply, dimensions: [("projection", projection)])
    }

    /// A batch of `events` created by the producer at `createdAtMilliseconds` was taken `at`.
    func taken(createdAtMilliseconds: some Sequence<Int64?>, at taken: Date) {
        let now = taken.timeIntervalSince1970
        for case let created? in createdAtMilliseconds {
            takeDelayTimer.recordSeconds(max(0, now - Double(created) / 1000))
        }
    }

    /// `count` events of a batch taken at `taken` were committed now.
    func committed(_ count: Int, taken: ContinuousClock.Instant) {
        let nanoseconds = Int64((ContinuousClock.now - taken) / .nanoseconds(1))
        for _ in 0..<count { applyTimer.recordNanoseconds(nanoseconds) }
    }
}
