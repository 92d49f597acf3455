import Kafka
import NexusTestSupport
import Testing

/// A batch reaches the broker as built: every key, value and header byte, on its topic.
@Suite("Kafka outgoing batches through the embedded broker")
struct KafkaOutgoingBatchDeliveryTests {
    typealias Support = KafkaTestSupport

    @Test("a batch over two topics arrives as built: null and empty keys, empty values, binary headers, messages without headers")
    func arrivesAsBuilt() async throws {
        let fixture = try KafkaFixture(topicPrefix: "batch", partitions: 1)
        let other = Support.unique("batch-other")
        try fixture.broker.createTopic(other, partitions: 1)
        let sent = [
            KafkaOutgoingMessage(
                topic: fixture.topic, key: "k1", value: [1, 2, 3],
                headers: [KafkaHeader(name: "raw", value: [0, 255]), KafkaHeader(name: "empty", value: []), KafkaHeader(name: "ce_id", string: "1")]),
            KafkaOutgoingMessage(topic: other, key: nil, value: []),
            KafkaOutgoingMessage(topic: fixture.topic, key: [], value: [0], headers: [KafkaHeader(name: "ce_id", string: "Zoë")]),
            KafkaOutgoingMessage(topic: other, key: "k2", value: Array("{}".utf8), headers: [KafkaHeader(name: "h", value: [7])]),
        ]
        let batch = KafkaOutgoingBatch(sent)
        let consumer = try KafkaConsumer(
            configuration: Support.consumerConfiguration(broker: fixture.broker, group: Support.unique("g"), topics: [fixture.topic, other]),
            logger: Support.logger)

        let (outcomes, received) = try await TestServices.withRunning([fixture.broker, fixture.producer, consumer]) {
            let outcomes = try await fixture.producer.enqueue(batch).outcomes()
            return (outcomes, try await Support.collect(sent.count, from: consumer))
        }

        #expect(outcomes.allSatisfy { (try? $0.get()) != nil })
        for topic in [fixture.topic, other] {
            let arrived = received.filter { $0.topic == topic }.sorted { $0.offset < $1.offset }
            let expected = sent.filter { $0.topic == topic }
            #expect(arrived.map(\.key) == expected.map(\.key))
            #expect(arrived.map(\.value) == expected.map(\.value))
            #expect(arrived.map(\.headers) == expected.map(\.headers))
        }
    }

    @Test("a message to a topic librdkafka refuses fails alone; the others are delivered")
    func refusedTopicFailsItsMessagesOnly() async throws {
        let fixture = try KafkaFixture(topicPrefix: "refused", partitions: 1)
        let refused = String(repeating: "t", count: 600)
        let batch = KafkaOutgoingBatch([
            KafkaOutgoingMessage(topic: fixture.topic, key: "k", value: [1]),
            KafkaOutgoingMessage(topic: refused, key: "k", value: [2]),
            KafkaOutgoingMessage(topic: fixture.topic, key: "k", value: [3]),
        ])

        let outcomes = try await TestServices.withRunning([fixture.broker, fixture.producer]) {
            try await fixture.producer.enqueue(batch).outcomes()
        }

        #expect(outcomes.count == 3)
        #expect((try? outcomes[0].get()) != nil)
        #expect((try? outcomes[2].get()) != nil)
        guard case .failure(let error) = outcomes[1] else {
            Issue.record("the message to a 600-character topic was delivered")
            return
        }
        #expect(error.code == .enqueueFailed)
    }
}
