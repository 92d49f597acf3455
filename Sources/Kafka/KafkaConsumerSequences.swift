/// The consumer's messages, one at a time. Iterate once; ends when the consumer stops.
public struct KafkaConsumerMessages: AsyncSequence, Sendable {
    public typealias Element = KafkaMessage
    let buffer: ConsumerBuffer

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
        AsyncIterator(batches: KafkaConsumerBatches(buffer: buffer).makeAsyncIterator())
    }
}

/// The consumer's messages in fetch batches. Iterate once; ends when the consumer stops.
public struct KafkaConsumerBatches: AsyncSequence, Sendable {
    public typealias Element = [KafkaMessage]
    let buffer: ConsumerBuffer

    /// The iterator over batches.
    public struct AsyncIterator: AsyncIteratorProtocol {
        let buffer: ConsumerBuffer
        var base: AsyncThrowingStream<[KafkaMessage], any Error>.AsyncIterator

        public mutating func next() async throws -> [KafkaMessage]? {
            guard let batch = try await base.next() else { return nil }
            buffer.consumed(batch.count)
            return batch
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(buffer: buffer, base: buffer.stream.makeAsyncIterator())
    }
}
