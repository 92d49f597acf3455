import CRdKafka
public import Logging
public import ServiceLifecycle

/// An idempotent (`acks=all`) Kafka producer whose sends complete when the broker acknowledges.
///
/// `run()` serves delivery reports on a dedicated thread; it must be running for sends to complete.
/// On graceful shutdown it waits (up to `flushTimeout`) for outstanding deliveries, then fails the rest.
public final class KafkaProducer: Service, Sendable {
    let handle: RdKafkaHandle
    private let configuration: KafkaProducerConfiguration
    private let logger: Logger
    private let tracker = DeliveryTracker()
    private let stopping = StopSignal()

    /// Creates the producer (no network activity until messages are sent).
    public init(configuration: KafkaProducerConfiguration, logger: Logger) throws(KafkaError) {
        self.configuration = configuration
        self.logger = logger
        let events = Int32(RD_KAFKA_EVENT_DR | RD_KAFKA_EVENT_ERROR | RD_KAFKA_EVENT_LOG)
        self.handle = try RdKafkaHandle(kind: .producer, properties: configuration.librdkafkaProperties, events: events)
    }

    /// The value librdkafka uses for the property `name` (e.g. to check applied configuration).
    public func configurationValue(of name: String) -> String? { handle.configurationValue(of: name) }

    /// Serves delivery reports until graceful shutdown or cancellation, then flushes.
    public func run() async {
        await stopping.serve(threadName: "kafka-producer") { self.serveUntilStopped() }
    }

    /// Sends one message and returns where the broker stored it.
    public func send(_ message: KafkaOutgoingMessage) async throws -> KafkaDeliveryReport {
        try await send([message])[0].get()
    }

    /// Enqueues all `messages` (in order) and waits for every delivery report.
    ///
    /// Returns one outcome per message, in input order. Throws only when nothing could be awaited:
    /// the producer is shut down, the batch is too large, or the task was cancelled (in which case
    /// already-enqueued messages may still be delivered).
    public func send(_ messages: [KafkaOutgoingMessage]) async throws -> [Result<KafkaDeliveryReport, KafkaError>] {
        try await enqueue(messages).outcomes()
    }

    /// Enqueues all `messages` (in order) without waiting for the broker, so that the caller can
    /// prepare the next batch while this one is in flight. Await the result's `outcomes()` once.
    public func enqueue(_ messages: [KafkaOutgoingMessage]) async throws -> KafkaPendingDelivery {
        try await enqueue(KafkaOutgoingBatch(messages))
    }

    /// Enqueues all of `batch`'s messages (in order) without waiting for the broker, waiting only
    /// while librdkafka's local queue is full. Await the result's `outcomes()` once.
    public func enqueue(_ batch: KafkaOutgoingBatch) async throws -> KafkaPendingDelivery {
        guard batch.count <= DeliveryTracker.maximumBatchSize else {
            throw KafkaError(code: .invalidArgument, message: "batch of \(batch.count) exceeds \(DeliveryTracker.maximumBatchSize)")
        }
        let id = try tracker.open(count: batch.count)
        let correlationID = { DeliveryTracker.correlationID(batch: id, index: $0) }
        var next = 0
        while true {
            next = handle.enqueue(batch, from: next, correlationID: correlationID) { index, error in
                tracker.record([(correlationID(index), .failure(error))])
            }
            guard next < batch.count else { break }
            if stopping.isSet {
                tracker.record([(correlationID(next), .failure(KafkaError(code: .shutdown, message: "producer is shutting down")))])
                next += 1
                continue
            }
            do {
                try await Task.sleep(for: .milliseconds(1))
            } catch {
                tracker.discard(id)
                throw error
            }
        }
        return KafkaPendingDelivery(batch: id, count: batch.count, tracker: tracker)
    }

    /// The poll loop (dedicated thread): serve events until asked to stop, then drain and close.
    private func serveUntilStopped() {
        while !stopping.isSet {
            serveOneEvent(timeoutMilliseconds: 100)
        }
        let deadline = ContinuousClock.now + configuration.flushTimeout
        while rd_kafka_outq_len(handle.pointer) > 0, ContinuousClock.now < deadline {
            serveOneEvent(timeoutMilliseconds: 50)
        }
        let remaining = rd_kafka_outq_len(handle.pointer)
        if remaining > 0 {
            logger.warning("producer stopped with undelivered messages", metadata: ["kafka.undelivered": "\(remaining)"])
        }
        rd_kafka_purge(handle.pointer, Int32(RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT))
        tracker.close(with: KafkaError(code: .shutdown, message: "producer shut down before delivery"))
    }

    private func serveOneEvent(timeoutMilliseconds: Int32) {
        guard let event = rd_kafka_queue_poll(handle.queue, timeoutMilliseconds) else { return }
        defer { rd_kafka_event_destroy(event) }
        switch rd_kafka_event_type(event) {
        case RD_KAFKA_EVENT_DR:
            tracker.record(Self.deliveryOutcomes(of: event))
        case RD_KAFKA_EVENT_LOG:
            RdKafkaHandle.log(event: event, to: logger)
        case RD_KAFKA_EVENT_ERROR:
            let error = RdKafkaHandle.error(event: event, code: .deliveryFailed)
            logger.log(level: error.isFatal ? .error : .warning, "producer error", metadata: [KafkaLogMetadata.error: "\(error)"])
        default:
            break
        }
    }

    private static func deliveryOutcomes(of event: OpaquePointer) -> [(correlationID: UInt, outcome: DeliveryTracker.Outcome)] {
        var outcomes: [(correlationID: UInt, outcome: DeliveryTracker.Outcome)] = []
        outcomes.reserveCapacity(rd_kafka_event_message_count(event))
        while let message = rd_kafka_event_message_next(event) {
            let correlationID = UInt(bitPattern: message.pointee._private)
            let error = message.pointee.err
            if error == RD_KAFKA_RESP_ERR_NO_ERROR {
                outcomes.append((correlationID, .success(KafkaDeliveryReport(partition: message.pointee.partition, offset: message.pointee.offset))))
            } else {
                outcomes.append((correlationID, .failure(KafkaError(code: .deliveryFailed, rdKafkaError: error, context: "delivery"))))
            }
        }
        return outcomes
    }
}
