import Kafka
import NexusConcurrency
import Synchronization

/// The relay's batches awaiting the broker's answers: each is awaited in the background, and an
/// answer signals the relay's wake signal while (and only while) the relay waits for one, so an
/// idle relay is not woken for answers it has already taken.
final class DeliveryAnswers: Sendable {
    private let wake: WakeSignal
    private let waiting = Atomic<Bool>(false)

    init(wake: WakeSignal) {
        self.wake = wake
    }

    /// Starts awaiting `delivery`'s outcomes.
    func track(_ delivery: KafkaPendingDelivery) -> BackgroundDelivery {
        BackgroundDelivery(answers: self, delivery: delivery)
    }

    /// Waits on the wake signal for up to `timeout` unless `answered()` already holds.
    /// - Returns: whether it waited (and may have taken a commit's signal).
    func wait(unless answered: @autoclosure () -> Bool, upTo timeout: Duration) async -> Bool {
        waiting.store(true, ordering: .sequentiallyConsistent)
        defer { waiting.store(false, ordering: .sequentiallyConsistent) }
        if answered() { return false }
        await wake.wait(upTo: timeout)
        return true
    }

    /// A delivery was answered: wakes the relay if it waits.
    func answered() {
        if waiting.load(ordering: .sequentiallyConsistent) { wake.signal() }
    }
}
