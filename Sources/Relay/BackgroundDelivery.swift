import Kafka
import Synchronization

/// One batch's delivery, awaited in the background.
final class BackgroundDelivery: Sendable {
    private let answered = Atomic<Bool>(false)
    private let task = Mutex<Task<[Result<KafkaDeliveryReport, KafkaError>], any Error>?>(nil)

    init(answers: DeliveryAnswers, delivery: KafkaPendingDelivery) {
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
