import Kafka
import Testing

/// A batch reads back as the messages it was built from: null and empty keys stay apart, empty
/// values and headers stay empty, headers stay with their message, topics with theirs.
@Suite("Kafka outgoing batch")
struct KafkaOutgoingBatchTests {
    static let messages = [
        KafkaOutgoingMessage(
            topic: "a", key: "k1", value: [1, 2, 3],
            headers: [KafkaHeader(name: "raw", value: [0, 255]), KafkaHeader(name: "empty", value: []), KafkaHeader(name: "", string: "x")]),
        KafkaOutgoingMessage(topic: "b", key: nil, value: []),
        KafkaOutgoingMessage(topic: "a", key: [], value: [0], headers: [KafkaHeader(name: "ce_id", string: "Zoë\u{0}")]),
        KafkaOutgoingMessage(topic: "c", key: "k2", value: Array("{}".utf8)),
        KafkaOutgoingMessage(topic: "b", key: "k3", value: [9], headers: [KafkaHeader(name: "h", string: "v")]),
    ]

    @Test("messages converted into a batch read back unchanged")
    func fromMessages() {
        let batch = KafkaOutgoingBatch(Self.messages)
        #expect(batch.count == Self.messages.count)
        #expect(Array(batch) == Self.messages)
        #expect(Array(KafkaOutgoingBatch([])) == [])
    }

    @Test("messages built part by part read back as the same messages")
    func builtInPlace() {
        var batch = KafkaOutgoingBatch()
        batch.reserveCapacity(messages: 5, headers: 5, bytes: 10)
        for message in Self.messages {
            batch.append(topic: message.topic, key: message.key.map { String(decoding: $0, as: UTF8.self) }) { $0 += message.value }
            for (index, header) in message.headers.enumerated() {
                switch index % 3 {
                case 0: batch.appendHeader(name: header.name, value: header.value)
                case 1: batch.appendHeader(name: header.name, string: header.stringValue)
                default: batch.appendHeader(name: header.name) { $0 += header.value }
                }
            }
        }
        #expect(Array(batch) == Self.messages)
    }
}
