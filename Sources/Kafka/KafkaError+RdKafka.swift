import CRdKafka

extension KafkaError {
    /// Builds an error from a librdkafka response code, classifying it as retriable when it is transient.
    init(code: Code, rdKafkaError: rd_kafka_resp_err_t, context: String) {
        let text = String(cString: rd_kafka_err2str(rdKafkaError))
        self.init(
            code: code,
            message: "\(context): \(text)",
            rdKafkaCode: rdKafkaError.rawValue,
            isRetriable: Self.isTransient(rdKafkaError),
            isFatal: rdKafkaError == RD_KAFKA_RESP_ERR__FATAL
        )
    }

    /// Builds an error from a librdkafka error object (which carries its own retriable and fatal flags).
    init(code: Code, error: OpaquePointer, context: String) {
        let text = String(cString: rd_kafka_error_string(error))
        let rdCode = rd_kafka_error_code(error)
        self.init(
            code: code,
            message: "\(context): \(text)",
            rdKafkaCode: rdCode.rawValue,
            isRetriable: rd_kafka_error_is_retriable(error) != 0 || Self.isTransient(rdCode),
            isFatal: rd_kafka_error_is_fatal(error) != 0
        )
    }

    /// Response codes after which the same message may succeed when sent again.
    private static func isTransient(_ code: rd_kafka_resp_err_t) -> Bool {
        switch code {
        case RD_KAFKA_RESP_ERR__MSG_TIMED_OUT, RD_KAFKA_RESP_ERR__TIMED_OUT, RD_KAFKA_RESP_ERR__TRANSPORT,
            RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN, RD_KAFKA_RESP_ERR__QUEUE_FULL,
            RD_KAFKA_RESP_ERR__TIMED_OUT_QUEUE, RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT,
            RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS, RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS_AFTER_APPEND,
            RD_KAFKA_RESP_ERR_LEADER_NOT_AVAILABLE, RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION,
            RD_KAFKA_RESP_ERR_BROKER_NOT_AVAILABLE, RD_KAFKA_RESP_ERR_NETWORK_EXCEPTION,
            RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART, RD_KAFKA_RESP_ERR__UNKNOWN_PARTITION:
            return true
        default:
            return false
        }
    }
}
