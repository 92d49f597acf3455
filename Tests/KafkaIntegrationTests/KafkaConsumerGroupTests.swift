import Kafka
import NexusTestSupport
import Testing

@Suite("Kafka consumer groups and offsets against the embedded broker")
struct KafkaConsumerGroupTests {
    typealias Support = KafkaTestSupport

    @Test("two members of one group split the partitions and together read everything once")
    func groupOfTwoSharesPartitions() async throws {
        let fixture = try KafkaFixture(topicPrefix: "group", partitions: 4)
        let (broker, topic, producer, group) = (fixture.broker, fixture.topic, fixture.producer, Support.unique("g"))
        let (first, second) = (try fixture.consumer(group: group), try fixture.consumer(group: group))
        let outgoing = (0..<400).map { KafkaOutgoingMessage(topic: topic, key: "user-\($0 % 40)", value: Array(String($0).utf8)) }

        let (firstMessages, secondMessages, firstPartitions, secondPartitions) = try await TestServices.withRunning([broker, producer, first, second]) {
            try await TestServices.eventually { !first.assignment.isEmpty && !second.assignment.isEmpty }
            let assignments = (first.assignment, second.assignment)
            _ = try await producer.send(outgoing)
            let (fromFirst, fromSecond) = try await Self.drainBoth((first, second), total: outgoing.count)
            return (fromFirst, fromSecond, assignments.0, assignments.1)
        }

        #expect(Set(firstPartitions).isDisjoint(with: secondPartitions))
        #expect(Set(firstPartitions + secondPartitions).count == 4)
        #expect(!firstMessages.isEmpty && !secondMessages.isEmpty)
        #expect(firstMessages.allSatisfy { firstPartitions.contains($0.topicPartition) })
        #expect(secondMessages.allSatisfy { secondPartitions.contains($0.topicPartition) })
        let all = (firstMessages + secondMessages).map { String(decoding: $0.value, as: UTF8.self) }
        #expect(Set(all).count == outgoing.count && all.count == outgoing.count)
    }

    @Test("the application's starting offsets decide where reading resumes")
    func resumeFromApplicationOffsets() async throws {
        let fixture = try KafkaFixture(topicPrefix: "resume", partitions: 1)
        let (broker, topic, producer) = (fixture.broker, fixture.topic, fixture.producer)
        let asked = Shared<[KafkaTopicPartition]>([])
        let consumer = try fixture.consumer { partitions in
            asked.update { $0 += partitions }
            return [KafkaTopicPartition(topic: topic, partition: 0): 6]
        }

        let received = try await TestServices.withRunning([broker, producer, consumer]) {
            _ = try await producer.send(fixture.numbered(10))
            return try await Support.collect(4, from: consumer)
        }

        #expect(asked.value == [KafkaTopicPartition(topic: topic, partition: 0)])
        #expect(received.map(\.offset) == [6, 7, 8, 9])
        #expect(received.map(\.value) == [[6], [7], [8], [9]])
    }

    @Test("explicitly committed offsets are where the next member of the group starts")
    func resumeFromCommittedOffsets() async throws {
        let fixture = try KafkaFixture(topicPrefix: "commit", partitions: 1)
        let (broker, producer, group) = (fixture.broker, fixture.producer, Support.unique("g"))
        let first = try fixture.consumer(group: group)

        let received = try await TestServices.withRunning([broker, producer]) {
            _ = try await producer.send(fixture.numbered(10))
            try await TestServices.withRunning([first]) {
                let firstFour = try await Support.collect(4, from: first)
                try await first.commit([firstFour[3].topicPartition: firstFour[3].offset + 1])
            }
            let second = try fixture.consumer(group: group)
            return try await TestServices.withRunning([second]) {
                try await Support.collect(6, from: second)
            }
        }

        #expect(received.map(\.offset) == [4, 5, 6, 7, 8, 9])
    }

    /// Reads both consumers until together they have `total` messages; returns what each read.
    private static func drainBoth(_ consumers: (KafkaConsumer, KafkaConsumer), total: Int) async throws -> ([KafkaMessage], [KafkaMessage]) {
        try await TestServices.within(.seconds(30)) {
            let count = Shared(0)
            return try await withThrowingTaskGroup(of: (Int, [KafkaMessage]).self) { group in
                for (index, consumer) in [consumers.0, consumers.1].enumerated() {
                    group.addTask {
                        var mine: [KafkaMessage] = []
                        for try await batch in consumer.batches {
                            mine += batch
                            if count.update({ $0 += batch.count; return $0 }) >= total { break }
                        }
                        return (index, mine)
                    }
                }
                var results: [Int: [KafkaMessage]] = [:]
                while let (index, messages) = try await group.next() {
                    results[index] = messages
                    group.cancelAll()
                }
                return (results[0] ?? [], results[1] ?? [])
            }
        }
    }
}
