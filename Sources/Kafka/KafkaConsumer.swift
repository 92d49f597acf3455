import CRdKafka
import Dispatch
public import Logging
import NexusConcurrency
public import ServiceLifecycle
import Synchronization

/// A consumer-group member with manual offset control.
///
/// Messages arrive through `messages` (one at a time) or `batches`; iterate only one of them, once.
/// Nothing is committed automatically: when partitions are assigned the application may supply the
/// offset to start from (e.g. a checkpoint stored with its read model); otherwise the group's
/// committed offset (or `offsetReset`) applies. `commit(_:)` stores offsets in the group.
/// `run()` polls on a dedicated thread; graceful shutdown leaves the group and ends the sequences.
public final class KafkaConsumer: Service, Sendable {
    /// Given newly assigned partitions, returns the next offset to read for any of them.
    public typealias StartingOffsets = @Sendable ([KafkaTopicPartition]) async throws -> [KafkaTopicPartition: Int64]
    /// Told which partitions are being taken away (before another member may receive them).
    public typealias PartitionsRevoked = @Sendable ([KafkaTopicPartition]) async -> Void

    let handle: RdKafkaHandle
    let configuration: KafkaConsumerConfiguration
    let logger: Logger
    let startingOffsets: StartingOffsets?
    let partitionsRevoked: PartitionsRevoked?
    /// The hand-over from the poll thread to the application: fetched messages not yet taken.
    let buffer: AsyncBoundedQueue<KafkaMessage>
    let assigned = Mutex<[KafkaTopicPartition]>([])
    private let stopping = StopSignal()
    private let commitQueue = DispatchQueue(label: "nexus.kafka.consumer.commit")

    /// Creates the consumer; it joins the group when `run()` starts.
    public init(
        configuration: KafkaConsumerConfiguration,
        logger: Logger,
        startingOffsets: StartingOffsets? = nil,
        partitionsRevoked: PartitionsRevoked? = nil
    ) throws(KafkaError) {
        self.configuration = configuration
        self.logger = logger
        self.startingOffsets = startingOffsets
        self.partitionsRevoked = partitionsRevoked
        self.buffer = AsyncBoundedQueue(capacity: configuration.maximumBufferedMessages)
        let events = Int32(RD_KAFKA_EVENT_FETCH | RD_KAFKA_EVENT_REBALANCE | RD_KAFKA_EVENT_ERROR | RD_KAFKA_EVENT_LOG)
        self.handle = try RdKafkaHandle(kind: .consumer, properties: configuration.librdkafkaProperties, events: events)
    }

    /// Messages one by one, in partition order.
    public var messages: KafkaConsumerMessages { KafkaConsumerMessages(batches: batches) }

    /// Messages in batches: each batch is everything fetched and not yet taken, up to
    /// `maximumBatchSize`, so an application that falls behind catches up in large batches.
    public var batches: KafkaConsumerBatches { KafkaConsumerBatches(buffer: buffer, maximumBatchSize: configuration.maximumBatchSize) }

    /// Stops polling and ends ``messages`` and ``batches`` with `error` once what is buffered has
    /// been taken (e.g. when the application finds it can no longer apply what it reads).
    public func stop(throwing error: any Error) {
        buffer.finish(throwing: error)
        stopping.set()
    }

    /// The partitions currently assigned to this member.
    public var assignment: [KafkaTopicPartition] { assigned.withLock { $0 } }

    /// The value librdkafka uses for the property `name` (e.g. to check applied configuration).
    public func configurationValue(of name: String) -> String? { handle.configurationValue(of: name) }

    /// Joins the group and polls until graceful shutdown or cancellation, then leaves the group.
    public func run() async throws {
        let failure = await stopping.serve(threadName: "kafka-consumer") { self.pollUntilStopped() }
        if let failure { throw failure }
    }

    /// Commits `offsets` (each the next offset to read, i.e. last processed + 1) to the group.
    public func commit(_ offsets: [KafkaTopicPartition: Int64]) async throws(KafkaError) {
        guard !offsets.isEmpty else { return }
        let handle = self.handle
        let result: rd_kafka_resp_err_t = await withCheckedContinuation { continuation in
            commitQueue.async {
                let list = RdKafkaPartitionList.make(offsets)
                defer { rd_kafka_topic_partition_list_destroy(list) }
                continuation.resume(returning: rd_kafka_commit(handle.pointer, list, 0))
            }
        }
        guard result == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(code: .consumerFailed, rdKafkaError: result, context: "commit")
        }
    }

    /// The poll loop (dedicated thread). Returns the fatal error that stopped it, if any.
    private func pollUntilStopped() -> KafkaError? {
        let subscription = RdKafkaPartitionList.make(topics: configuration.topics)
        let subscribed = rd_kafka_subscribe(handle.pointer, subscription)
        rd_kafka_topic_partition_list_destroy(subscription)
        var failure: KafkaError?
        if subscribed != RD_KAFKA_RESP_ERR_NO_ERROR {
            failure = KafkaError(code: .consumerFailed, rdKafkaError: subscribed, context: "subscribe")
        }
        while failure == nil, !stopping.isSet {
            if buffer.isFull {
                // Back-pressure: this thread may block; it checks for stopping every 50 ms.
                let buffer = self.buffer
                _ = try? AsyncBridge.wait { await buffer.waitForSpace(upTo: .milliseconds(50)) }
                continue
            }
            failure = pollBatch()
        }
        rd_kafka_consumer_close(handle.pointer)
        assigned.withLock { $0 = [] }
        buffer.finish(throwing: failure)
        return failure
    }

    /// Collects up to `maximumBatchSize` messages (waiting at most 100 ms for the first) and
    /// hands them over; handles rebalances and errors met on the way.
    private func pollBatch() -> KafkaError? {
        var batch: [KafkaMessage] = []
        var timeout: Int32 = 100
        defer { buffer.appendWithoutWaiting(contentsOf: batch) }
        while batch.count < configuration.maximumBatchSize, let event = rd_kafka_queue_poll(handle.queue, timeout) {
            defer { rd_kafka_event_destroy(event) }
            timeout = 0
            switch rd_kafka_event_type(event) {
            case RD_KAFKA_EVENT_FETCH:
                collect(event, into: &batch)
            case RD_KAFKA_EVENT_REBALANCE:
                buffer.appendWithoutWaiting(contentsOf: batch)
                batch = []
                if let failure = rebalance(event) { return failure }
            case RD_KAFKA_EVENT_LOG:
                RdKafkaHandle.log(event: event, to: logger)
            case RD_KAFKA_EVENT_ERROR:
                let error = RdKafkaHandle.error(event: event, code: .consumerFailed)
                if error.isFatal { return error }
                logger.warning("consumer error", metadata: [KafkaLogMetadata.error: "\(error)"])
            default:
                break
            }
        }
        return nil
    }

    private func collect(_ event: OpaquePointer, into batch: inout [KafkaMessage]) {
        while let message = rd_kafka_event_message_next(event) {
            let raw = UnsafeMutablePointer(mutating: message)
            let error = raw.pointee.err
            if error == RD_KAFKA_RESP_ERR_NO_ERROR {
                batch.append(RdKafkaHandle.message(from: raw))
            } else if error != RD_KAFKA_RESP_ERR__PARTITION_EOF {
                let kafkaError = KafkaError(code: .consumerFailed, rdKafkaError: error, context: "fetch")
                logger.warning("fetch error", metadata: [KafkaLogMetadata.error: "\(kafkaError)"])
            }
        }
    }
}
