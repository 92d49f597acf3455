import Synchronization

/// The relay's live status, shared between its loop and readers of `status()`; mirrors into metrics.
final class RelayState: Sendable {
    private let status = Mutex(RelayStatus())
    /// The relay's metrics, also fed directly by the publisher (per-event latencies).
    let metrics = RelayMetrics()

    var current: RelayStatus { status.withLock { $0 } }

    /// Applies `change` and publishes the result to the metrics.
    func update(_ change: (inout RelayStatus) -> Void) {
        let updated = status.withLock { status in
            change(&status)
            return status
        }
        metrics.record(updated)
    }

    /// Records `count` acknowledged events up to `checkpoint`.
    func acknowledged(_ count: Int, upTo checkpoint: Int64) {
        metrics.published(count)
        update {
            $0.checkpoint = checkpoint
            $0.headPosition = max($0.headPosition, checkpoint)
            $0.lastError = nil
        }
    }

    /// Records a failed publish attempt.
    func failed(_ error: any Error) {
        metrics.failed()
        update { $0.lastError = "\(error)" }
    }
}
