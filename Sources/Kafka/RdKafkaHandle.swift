import CRdKafka
import Logging
import Synchronization

/// Owns one `rd_kafka_t` (and its main event queue); destroys them when released.
///
/// librdkafka handles are thread-safe, so sharing this box across threads is sound.
final class RdKafkaHandle: @unchecked Sendable {
    enum Kind {
        case producer
        case consumer
    }

    let pointer: OpaquePointer
    /// The queue this client's events (delivery reports, fetched messages, rebalances, logs, errors) arrive on.
    let queue: OpaquePointer
    /// Topic handles by name, made on first use and kept until the client is destroyed: producing
    /// with a handle skips the lookup (under the client's lock) that producing by name costs.
    private let topics = Mutex<[String: OpaquePointer]>([:])

    /// Creates a client with `properties` and the given event types routed to its main queue.
    init(kind: Kind, properties: [String: String], events: Int32) throws(KafkaError) {
        guard let conf = rd_kafka_conf_new() else {
            throw KafkaError(code: .clientCreationFailed, message: "rd_kafka_conf_new returned NULL")
        }
        var errorText = [CChar](repeating: 0, count: 512)
        for (key, value) in properties.sorted(by: { $0.key < $1.key }) {
            let result = rd_kafka_conf_set(conf, key, value, &errorText, errorText.count)
            guard result == RD_KAFKA_CONF_OK else {
                rd_kafka_conf_destroy(conf)
                throw KafkaError(
                    code: .invalidConfiguration, message: KafkaClientProperties.describe(key, value: value, problem: Self.text(errorText)))
            }
        }
        rd_kafka_conf_set_events(conf, events)
        let type = kind == .producer ? RD_KAFKA_PRODUCER : RD_KAFKA_CONSUMER
        guard let rk = rd_kafka_new(type, conf, &errorText, errorText.count) else {
            rd_kafka_conf_destroy(conf)
            throw KafkaError(code: .clientCreationFailed, message: Self.text(errorText))
        }
        if kind == .consumer {
            rd_kafka_poll_set_consumer(rk)
        }
        self.pointer = rk
        self.queue = kind == .consumer ? rd_kafka_queue_get_consumer(rk) : rd_kafka_queue_get_main(rk)
        rd_kafka_set_log_queue(rk, queue)
    }

    deinit {
        topics.withLock { topics in
            for topic in topics.values { rd_kafka_topic_destroy(topic) }
        }
        rd_kafka_queue_destroy(queue)
        rd_kafka_destroy(pointer)
    }

    /// The handles of the topics `names`, or for a name librdkafka refuses, why.
    func topicHandles(_ names: [String]) -> [Result<OpaquePointer, KafkaError>] {
        topics.withLock { topics in
            names.map { name in
                if let topic = topics[name] { return .success(topic) }
                guard let topic = rd_kafka_topic_new(pointer, name, nil) else {
                    return .failure(KafkaError(code: .enqueueFailed, rdKafkaError: rd_kafka_last_error(), context: "topic \(name)"))
                }
                topics[name] = topic
                return .success(topic)
            }
        }
    }

    /// The value librdkafka holds for the property `name`, or `nil` for an unknown property.
    func configurationValue(of name: String) -> String? {
        guard let conf = rd_kafka_conf(pointer) else { return nil }
        var size = 0
        guard rd_kafka_conf_get(conf, name, nil, &size) == RD_KAFKA_CONF_OK, size > 0 else { return nil }
        var buffer = [CChar](repeating: 0, count: size)
        guard rd_kafka_conf_get(conf, name, &buffer, &size) == RD_KAFKA_CONF_OK else { return nil }
        return Self.text(buffer)
    }

    /// Forwards a librdkafka log event to `logger` at the matching level.
    static func log(event: OpaquePointer, to logger: Logger) {
        var facility: UnsafePointer<CChar>?
        var text: UnsafePointer<CChar>?
        var level: Int32 = 0
        guard rd_kafka_event_log(event, &facility, &text, &level) == 0, let text else { return }
        let swiftLevel: Logger.Level = switch level {
        case ...3: .error
        case 4: .warning
        case 5, 6: .info
        default: .debug
        }
        logger.log(
            level: swiftLevel, "\(String(cString: text))",
            metadata: [KafkaLogMetadata.facility: "\(facility.map { String(cString: $0) } ?? "")"]
        )
    }

    /// Turns an error event into a `KafkaError` (flagged fatal when librdkafka says so).
    static func error(event: OpaquePointer, code: KafkaError.Code) -> KafkaError {
        let rdCode = rd_kafka_event_error(event)
        var error = KafkaError(code: code, rdKafkaError: rdCode, context: String(cString: rd_kafka_event_error_string(event)))
        error.isFatal = error.isFatal || rd_kafka_event_error_is_fatal(event) != 0
        return error
    }

    private static func text(_ buffer: [CChar]) -> String {
        buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }
}
