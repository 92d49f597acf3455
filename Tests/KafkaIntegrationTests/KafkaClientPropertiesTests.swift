import Kafka
import Testing

/// librdkafka properties from configuration are checked before any client uses them.
@Suite("Kafka client properties from configuration")
struct KafkaClientPropertiesTests {
    @Test("an unknown property is refused, named")
    func unknownProperty() {
        let error = #expect(throws: KafkaError.self) { try KafkaClientProperties.validate(["no.such.property": "1"]) }
        #expect(error?.code == .invalidConfiguration)
        #expect(error?.message.contains("no.such.property") == true, "\(String(describing: error))")
    }

    @Test("a bad value is refused, naming the property")
    func badValue() {
        let error = #expect(throws: KafkaError.self) {
            try KafkaClientProperties.validate(["security.protocol": "carrier_pigeon", "sasl.mechanisms": "PLAIN"])
        }
        #expect(error?.message.hasPrefix("Kafka property security.protocol:") == true, "\(String(describing: error))")
    }

    @Test("passwords, keys, tokens and OAuth settings count as secret (their values are never shown)")
    func secretNames() {
        for name in ["sasl.password", "ssl.key.pem", "ssl.key.password", "sasl.oauthbearer.config", "sasl.oauthbearer.client.secret"] {
            #expect(KafkaClientProperties.isSecret(name), "\(name)")
        }
        for name in ["security.protocol", "sasl.mechanisms", "sasl.username", "ssl.ca.location"] {
            #expect(!KafkaClientProperties.isSecret(name), "\(name)")
        }
    }

    @Test("properties Nexus sets itself are refused")
    func reservedProperty() {
        let error = #expect(throws: KafkaError.self) { try KafkaClientProperties.validate(["enable.idempotence": "false"]) }
        #expect(error?.message.contains("enable.idempotence") == true)
    }

    @Test("valid managed-cluster settings are accepted and applied to producers and consumers")
    func validPropertiesApplied() throws {
        let properties = ["security.protocol": "SASL_SSL", "sasl.mechanisms": "PLAIN", "sasl.username": "key", "sasl.password": "hunter2-secret"]
        try KafkaClientProperties.validate(properties)
        var producerConfiguration = KafkaProducerConfiguration(bootstrapServers: "127.0.0.1:9")
        producerConfiguration.properties = properties
        let producer = try KafkaProducer(configuration: producerConfiguration, logger: KafkaTestSupport.logger)
        #expect(producer.configurationValue(of: "security.protocol") == "sasl_ssl")
        #expect(producer.configurationValue(of: "sasl.username") == "key")
        var consumerConfiguration = KafkaConsumerConfiguration(bootstrapServers: "127.0.0.1:9", groupID: "g", topics: ["t"])
        consumerConfiguration.properties = properties
        let consumer = try KafkaConsumer(configuration: consumerConfiguration, logger: KafkaTestSupport.logger)
        #expect(consumer.configurationValue(of: "sasl.mechanisms") == "PLAIN")
    }
}
