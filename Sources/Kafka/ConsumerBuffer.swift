import Foundation

/// The bounded hand-over between the consumer's poll thread and the application's iteration.
final class ConsumerBuffer: Sendable {
    let stream: AsyncThrowingStream<[KafkaMessage], any Error>
    private let continuation: AsyncThrowingStream<[KafkaMessage], any Error>.Continuation
    private let capacity: Int
    private let condition = NSCondition()
    private nonisolated(unsafe) var count = 0

    init(capacity: Int) {
        (stream, continuation) = AsyncThrowingStream.makeStream(of: [KafkaMessage].self)
        self.capacity = max(1, capacity)
    }

    /// Whether the application is `capacity` or more messages behind.
    var isFull: Bool {
        condition.lock()
        defer { condition.unlock() }
        return count >= capacity
    }

    /// Blocks the poll thread until space frees up or `timeout` passes.
    func waitForSpace(upTo timeout: Duration) {
        condition.lock()
        defer { condition.unlock() }
        if count >= capacity {
            _ = condition.wait(until: Date(timeIntervalSinceNow: Double(timeout.milliseconds) / 1000))
        }
    }

    /// Hands a batch to the application (no-op for an empty batch).
    func append(_ batch: [KafkaMessage]) {
        guard !batch.isEmpty else { return }
        condition.lock()
        count += batch.count
        condition.unlock()
        continuation.yield(batch)
    }

    /// Records that the application took `taken` messages.
    func consumed(_ taken: Int) {
        condition.lock()
        count -= taken
        condition.signal()
        condition.unlock()
    }

    /// Ends iteration, with an error when the consumer failed.
    func finish(throwing error: KafkaError?) {
        continuation.finish(throwing: error)
    }
}
