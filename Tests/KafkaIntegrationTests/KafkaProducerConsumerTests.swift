import Foundation
import Kafka
import NexusTestSupport
import Testing

@Suite("Kafka producer and consumer against the embedded broker")
struct KafkaProducerConsumerTests {
    typealias Support = KafkaTestSupport

    @Test("a produced message arrives with its key, value and headers")
    func roundTrip() async throws {
        let fixture = try KafkaFixture(topicPrefix: "round-trip", partitions: 3)
        let (broker, topic, producer, consumer) = (fixture.broker, fixture.topic, fixture.producer, try fixture.consumer())
        let headers = [KafkaHeader(name: "ce_id", string: "42"), KafkaHeader(name: "raw", value: [0, 1, 2, 255])]
        let sent = KafkaOutgoingMessage(topic: topic, key: "product-SKU1", value: Array(#"{"a":1}"#.utf8), headers: headers)

        let received = try await TestServices.withRunning([broker, producer, consumer]) {
            let report = try await producer.send(sent)
            let messages = try await Support.collect(1, from: consumer)
            return (report, messages)
        }

        let message = try #require(received.1.first)
        #expect(message.topic == topic)
        #expect(message.keyString == "product-SKU1")
        #expect(message.value == sent.value)
        #expect(message.headers == headers)
        #expect(message.partition == received.0.partition)
        #expect(message.offset == received.0.offset)
        // The producer's create time, in milliseconds since 1970: within the last minute.
        let created = try #require(message.createdAtMilliseconds)
        #expect(abs(Int64(Date().timeIntervalSince1970 * 1000) - created) < 60_000)
    }

    @Test("messages with one key keep their order; each key stays on one partition")
    func perKeyOrdering() async throws {
        let fixture = try KafkaFixture(topicPrefix: "ordering", partitions: 4)
        let (broker, topic, producer, consumer) = (fixture.broker, fixture.topic, fixture.producer, try fixture.consumer())
        let keys = (0..<8).map { "order-\($0)" }
        let outgoing = (0..<2_000).map { sequence in
            KafkaOutgoingMessage(topic: topic, key: keys[sequence % keys.count], value: Array(String(sequence).utf8))
        }

        let (outcomes, received) = try await TestServices.withRunning([broker, producer, consumer]) {
            let outcomes = try await producer.send(outgoing)
            return (outcomes, try await Support.collect(outgoing.count, from: consumer))
        }

        #expect(outcomes.allSatisfy { (try? $0.get()) != nil })
        let byKey = Dictionary(grouping: received) { $0.keyString ?? "" }
        for key in keys {
            let messages = byKey[key] ?? []
            let sequences = messages.map { Int(String(decoding: $0.value, as: UTF8.self))! }
            #expect(sequences == sequences.sorted(), "key \(key) out of order")
            #expect(sequences.count == outgoing.count / keys.count)
            #expect(Set(messages.map(\.partition)).count == 1)
        }
    }

    @Test("a delivery fails with a retriable error while the broker is down")
    func deliveryErrorWhenBrokerDown() async throws {
        let fixture = try KafkaFixture(topicPrefix: "down", partitions: 1) { $0.messageTimeout = .milliseconds(1500) }
        let (broker, topic, producer) = (fixture.broker, fixture.topic, fixture.producer)

        let failure = try await TestServices.withRunning([broker, producer]) {
            _ = try await producer.send(KafkaOutgoingMessage(topic: topic, key: "k", value: [1]))
            try broker.setBrokerDown()
            let outcome = try await producer.send([KafkaOutgoingMessage(topic: topic, key: "k", value: [2])])
            try broker.setBrokerUp()
            return outcome
        }

        let error = try #require(failure.first.flatMap { result -> KafkaError? in
            if case .failure(let error) = result { return error } else { return nil }
        })
        #expect(error.code == .deliveryFailed)
        #expect(error.isRetriable)
    }
}
