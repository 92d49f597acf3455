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
    fileprivate func answered() {
        if waiting.load(ordering: .sequentiallyConsistent) { wake.signal() }
    }
}

/// One batch's delivery, awaited in the background.
final class BackgroundDelivery: Sendable {
    private let answered = Atomic<Bool>(false)
    private let task = Mutex<Task<[Result<KafkaDeliveryReport, KafkaError>], any Error>?>(nil)

    fileprivate init(answers: DeliveryAnswers, delivery: KafkaPendingDelivery) {
        let task = Task { [self] in
            defer {
                answered.store(true, ordering: .sequentiallyConsistent)
                answers.answered()
            }
            return try await delivery.outcomes()
        }
        self.task.withLock { $0 = task }
    }

    /// Whether the broker has answered for every message (or the wait ended otherwise).
    var isAnswered: Bool { answered.load(ordering: .sequentiallyConsistent) }

    /// Each message's outcome, in order. Cancelling the caller stops the wait (as waiting on the
    /// delivery directly would).
    func outcomes() async throws -> [Result<KafkaDeliveryReport, KafkaError>] {
        try Task.checkCancellation()
        guard let task = task.withLock({ $0 }) else { throw CancellationError() }
        return try await withTaskCancellationHandler { try await task.value } onCancel: { task.cancel() }
    }

    /// Stops waiting (the batch's outcomes are no longer wanted).
    func cancel() {
        task.withLock { $0?.cancel() }
    }
}
