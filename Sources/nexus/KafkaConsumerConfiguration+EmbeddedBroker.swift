import Kafka

extension KafkaConsumerConfiguration {
    /// Uses the fetch wait, session timeout and heartbeat suited to the embedded broker (see
    /// ``EmbeddedKafkaBroker/consumerSessionTimeout``).
    mutating func useEmbeddedBrokerTimings() {
        fetchWait = EmbeddedKafkaBroker.consumerFetchWait
        sessionTimeout = EmbeddedKafkaBroker.consumerSessionTimeout
        heartbeatInterval = EmbeddedKafkaBroker.consumerHeartbeatInterval
    }
}
