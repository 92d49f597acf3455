import NexusConcurrency

/// The consumer's messages, one at a time. Iterate once; ends when the consumer stops.
public struct KafkaConsumerMessages: AsyncSequence, Sendable {
    public typealias Element = KafkaMessage
    let batches: KafkaConsumerBatches

    /// The iterator over messages.
    public struct AsyncIterator: AsyncIteratorProtocol {
        var batches: KafkaConsumerBatches.AsyncIterator
        var current: [KafkaMessage] = []
        var index = 0

        public mutating func next() async throws -> KafkaMessage? {
            while index == current.count {
                guard let batch = try await batches.next() else { return nil }
                current = batch
                index = 0
            }
            defer { index += 1 }
            return current[index]
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(batches: batches.makeAsyncIterator())
    }
}

/// The consumer's messages in batches of what was fetched and not yet taken. Iterate once; ends
/// when the consumer stops (or when the iterating task is cancelled).
public struct KafkaConsumerBatches: AsyncSequence, Sendable {
    public typealias Element = [KafkaMessage]
    let buffer: AsyncBoundedQueue<KafkaMessage>
    let maximumBatchSize: Int

    /// The iterator over batches.
    public struct AsyncIterator: AsyncIteratorProtocol {
        let buffer: AsyncBoundedQueue<KafkaMessage>
        let maximumBatchSize: Int

        public mutating func next() async throws -> [KafkaMessage]? {
            try await buffer.next(upTo: maximumBatchSize)
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(buffer: buffer, maximumBatchSize: maximumBatchSize)
    }
}
