/// An error reported by the Kafka bridge: a librdkafka failure or a misuse of the bridge.
public struct KafkaError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, in broad categories the caller can act on.
    public enum Code: String, Sendable, Hashable {
        /// A configuration property was rejected by librdkafka.
        case invalidConfiguration
        /// librdkafka could not create a client handle or a mock cluster.
        case clientCreationFailed
        /// The broker did not acknowledge a message (timeout, broker down, rejected…).
        case deliveryFailed
        /// The message could not be enqueued (too large, unknown topic…).
        case enqueueFailed
        /// An offset commit or partition assignment failed.
        case consumerFailed
        /// A mock-cluster control operation failed.
        case brokerControlFailed
        /// The client was shut down before the operation completed.
        case shutdown
        /// An argument was outside what the bridge accepts.
        case invalidArgument
        /// The cluster's metadata (e.g. its id) could not be read in time.
        case metadataUnavailable
    }

    /// The category of the failure.
    public var code: Code
    /// librdkafka's numeric error code (`rd_kafka_resp_err_t`), 0 when not from librdkafka.
    public var rdKafkaCode: Int32
    /// A human-readable explanation, including librdkafka's own message when there is one.
    public var message: String
    /// Whether retrying the same operation later may succeed (e.g. a broker was unavailable).
    public var isRetriable: Bool
    /// Whether the client instance is unusable and must be recreated.
    public var isFatal: Bool

    /// Creates an error.
    public init(code: Code, message: String, rdKafkaCode: Int32 = 0, isRetriable: Bool = false, isFatal: Bool = false) {
        self.code = code
        self.rdKafkaCode = rdKafkaCode
        self.message = message
        self.isRetriable = isRetriable
        self.isFatal = isFatal
    }

    public var description: String {
        "KafkaError(\(code.rawValue), rd=\(rdKafkaCode), retriable=\(isRetriable), fatal=\(isFatal)): \(message)"
    }
}
