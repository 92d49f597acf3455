/// Metadata keys the Kafka module attaches to its log lines, in one place.
enum KafkaLogMetadata {
    static let client = "kafka.client"
    static let facility = "kafka.facility"
    static let error = "kafka.error"
    static let topic = "kafka.topic"
    static let partitions = "kafka.partitions"
    static let bootstrap = "kafka.bootstrap"
}
