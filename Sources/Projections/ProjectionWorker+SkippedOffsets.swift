import Kafka
import Synchronization

extension ProjectionWorker {
    /// The next offsets of batches that held nothing the projection handles. Applying them would
    /// change nothing, so they are not worth a transaction each: they are saved with the next
    /// batch that applies events, or on their own at most every ``ProjectionWorker/skippedOffsetsInterval``.
    /// Saving them late is safe: a worker that starts from an older offset only skips the same
    /// messages again (nothing the projection handles lies between the saved and the later offset).
    final class SkippedOffsets: Sendable {
        private let offsets = Mutex<[KafkaTopicPartition: Int64]>([:])

        /// Records that everything before `next` (per partition) was consumed.
        func add(_ next: [KafkaTopicPartition: Int64]) {
            offsets.withLock { $0.merge(next, uniquingKeysWith: max) }
        }

        /// The recorded offsets, merged with `next`; none are left recorded.
        func take(merging next: [KafkaTopicPartition: Int64] = [:]) -> [KafkaTopicPartition: Int64] {
            offsets.withLock { offsets in
                defer { offsets = [:] }
                return offsets.merging(next, uniquingKeysWith: max)
            }
        }
    }
}
