import CRdKafka
public import Logging
public import ServiceLifecycle
import Synchronization

/// librdkafka's mock cluster: real Kafka-protocol brokers on loopback ports, for `nexus dev` and tests.
///
/// The brokers listen from `init` on (so `bootstrapServers` can configure other services before
/// they run); `run()` keeps them up until graceful shutdown or cancellation, then tears them down.
public final class EmbeddedKafkaBroker: Service, Sendable {
    /// The `fetchWait` for consumers of the mock cluster (2 ms). The mock answers a fetch that
    /// found no data only after the whole wait, even if data arrives meanwhile (a real broker
    /// answers as soon as it does), so a consumer's wait adds up to that much to every message's
    /// latency. Measured by `nexus bench e2e` at 1,000 commands/s: accepted → visible p50 75 ms
    /// with 10 ms, 57 ms with 2 ms; the price is idle polling (about a tenth of a core for five consumers).
    public static let consumerFetchWait = Duration.milliseconds(2)

    /// The `sessionTimeout` for consumers of the mock cluster (3 s). The mock (librdkafka 2.0.2)
    /// evicts a silent member on a 1 s timer once the session timeout has passed, then waits the
    /// session timeout less 1 s for the others to rejoin before assigning: a killed member's
    /// partitions are consumed again after about twice this (4.7–5.8 s measured; 20 s with
    /// 10 s). It cannot be lower: a first join waits 3 s, during which a member with a shorter
    /// session is evicted again and again.
    public static let consumerSessionTimeout = Duration.seconds(3)
    /// The `heartbeatInterval` for consumers of the mock cluster (250 ms).
    public static let consumerHeartbeatInterval = Duration.milliseconds(250)

    /// The brokers' `host:port` list, for `bootstrap.servers`.
    public let bootstrapServers: String
    /// The broker ids (1…brokerCount).
    public let brokerIDs: ClosedRange<Int32>
    private let cluster: Mutex<MockCluster?>
    private let logger: Logger

    /// Starts a mock cluster of `brokerCount` brokers.
    public init(brokerCount: Int32 = 1, logger: Logger) throws(KafkaError) {
        guard brokerCount >= 1 else {
            throw KafkaError(code: .invalidArgument, message: "broker count must be at least 1")
        }
        let cluster = try MockCluster(brokerCount: brokerCount)
        self.bootstrapServers = cluster.bootstraps
        self.brokerIDs = 1...brokerCount
        self.cluster = Mutex(cluster)
        self.logger = logger
        logger.info("embedded Kafka broker listening", metadata: [KafkaLogMetadata.bootstrap: "\(cluster.bootstraps)"])
    }

    /// Keeps the brokers up until graceful shutdown or cancellation, then stops them.
    public func run() async {
        try? await gracefulShutdown()
        shutdown()
    }

    /// Stops the brokers now (idempotent); clients see them disappear.
    public func shutdown() {
        let stopped = cluster.withLock { cluster in
            defer { cluster = nil }
            return cluster != nil
        }
        if stopped {
            logger.info("embedded Kafka broker stopped", metadata: [KafkaLogMetadata.bootstrap: "\(bootstrapServers)"])
        }
    }

    /// Creates `topic` with `partitions` partitions (replication capped by the broker count).
    public func createTopic(_ topic: String, partitions: Int32, replicationFactor: Int32 = 1) throws(KafkaError) {
        try control("create topic \(topic)") { rd_kafka_mock_topic_create($0, topic, partitions, replicationFactor) }
    }

    /// Makes the cluster drop the connection of every produce request, as a crashed broker would,
    /// until ``setBrokerUp()``. The listener stays bound: librdkafka 2.0.2's
    /// `rd_kafka_mock_broker_set_down`/`_up` release the port and bind it again, and when another
    /// socket took the port meanwhile (any outgoing connection may get it) the library aborts the
    /// whole process.
    public func setBrokerDown() throws(KafkaError) {
        let errors = [rd_kafka_resp_err_t](repeating: RD_KAFKA_RESP_ERR__TRANSPORT, count: Self.outageRequests)
        try control("broker down") { cluster in
            errors.withUnsafeBufferPointer { rd_kafka_mock_push_request_errors_array(cluster, Self.produceRequest, errors.count, $0.baseAddress) }
            return RD_KAFKA_RESP_ERR_NO_ERROR
        }
    }

    /// Ends ``setBrokerDown()``: produce requests are answered again.
    public func setBrokerUp() throws(KafkaError) {
        try control("broker up") { cluster in
            rd_kafka_mock_clear_request_errors(cluster, Self.produceRequest)
            return RD_KAFKA_RESP_ERR_NO_ERROR
        }
    }

    /// Delays every broker's answer to its next produce request by `delay` (the request itself
    /// is carried out at once: its messages are on the log for consumers; answers to later
    /// requests on the same connection queue behind it).
    public func delayNextProduceAnswer(by delay: Duration) throws(KafkaError) {
        let milliseconds = Int32(clamping: delay.milliseconds)
        for broker in brokerIDs {
            try control("delay the next produce answer of broker \(broker)") {
                nexus_mock_delay_next_answer($0, broker, Self.produceRequest, milliseconds)
            }
        }
    }

    /// The Kafka protocol's ProduceRequest api key.
    private static let produceRequest: Int16 = 0
    /// Produce requests an outage refuses at most (more than any test sends while it lasts).
    private static let outageRequests = 100_000

    private func control(_ what: String, _ operation: (OpaquePointer) -> rd_kafka_resp_err_t) throws(KafkaError) {
        let result: rd_kafka_resp_err_t? = cluster.withLock { cluster in
            cluster.map { operation($0.pointer) }
        }
        guard let result else {
            throw KafkaError(code: .shutdown, message: "\(what): the embedded broker is stopped")
        }
        guard result == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(code: .brokerControlFailed, rdKafkaError: result, context: what)
        }
    }
}

/// Owns the mock cluster and the client handle librdkafka requires to host it.
private final class MockCluster: @unchecked Sendable {
    let pointer: OpaquePointer
    let bootstraps: String
    private let host: OpaquePointer

    init(brokerCount: Int32) throws(KafkaError) {
        var errorText = [CChar](repeating: 0, count: 512)
        let conf = rd_kafka_conf_new()
        rd_kafka_conf_set(conf, "log_level", "3", &errorText, errorText.count)
        // The mock brokers' accepted connections take this handle's socket settings. With Nagle's
        // algorithm on, an answer to a produce request waited for the client's delayed ACK (40 ms)
        // whenever the client had nothing more to send: relay delivery reports came 40-45 ms
        // after the produce (`nexus bench e2e` at 200/s), 5-8 ms without.
        rd_kafka_conf_set(conf, "socket.nagle.disable", "true", &errorText, errorText.count)
        guard let host = rd_kafka_new(RD_KAFKA_PRODUCER, conf, &errorText, errorText.count) else {
            rd_kafka_conf_destroy(conf)
            throw KafkaError(code: .clientCreationFailed, message: "mock cluster host handle")
        }
        guard let cluster = rd_kafka_mock_cluster_new(host, brokerCount) else {
            rd_kafka_destroy(host)
            throw KafkaError(code: .clientCreationFailed, message: "rd_kafka_mock_cluster_new failed")
        }
        self.host = host
        self.pointer = cluster
        self.bootstraps = String(cString: rd_kafka_mock_cluster_bootstraps(cluster))
    }

    deinit {
        rd_kafka_mock_cluster_destroy(pointer)
        rd_kafka_destroy(host)
    }
}
