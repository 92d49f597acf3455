import Kafka
import Synchronization

extension ProjectionWorker {
    /// Per partition assigned to this worker, the next offset it last read from or committed to
    /// `read.projection_offsets`. Batches commit asynchronously, so a database crash can lose
    /// commits it had acknowledged, offsets and rows together, while this worker's consumer has
    /// moved past them; every save checks that the table has not fallen behind these offsets
    /// (``KafkaOffsetStore/save(_:checking:on:)``), and a worker that finds it has restarts from
    /// the table.
    final class CommittedOffsets: Sendable {
        private let offsets = Mutex<[KafkaTopicPartition: Int64]>([:])

        /// `partitions` were assigned; `saved` holds the offsets read for them (absent: none saved).
        func assigned(_ partitions: [KafkaTopicPartition], saved: [KafkaTopicPartition: Int64]) {
            offsets.withLock { offsets in
                for partition in partitions { offsets[partition] = saved[partition] ?? 0 }
            }
        }

        /// `partitions` were taken away: another worker commits them now.
        func revoked(_ partitions: [KafkaTopicPartition]) {
            offsets.withLock { offsets in
                for partition in partitions { offsets[partition] = nil }
            }
        }

        /// A transaction saving `next` committed (partitions no longer assigned are ignored).
        func committed(_ next: [KafkaTopicPartition: Int64]) {
            offsets.withLock { offsets in
                for (partition, offset) in next where offsets[partition] != nil {
                    offsets[partition] = max(offsets[partition] ?? 0, offset)
                }
            }
        }

        /// The offsets every save checks.
        var current: [KafkaTopicPartition: Int64] { offsets.withLock { $0 } }
    }
}
