import EventStore
import EventStorePostgres
import Foundation
import Kafka
import Logging
import NexusTestSupport
import PostgresNIO
import Relay

/// A private embedded broker with the area topics, a producer, and helpers to append and consume.
struct RelayFixture {
    static let logger: Logger = {
        var logger = Logger(label: "nexus.relay.tests")
        logger.logLevel = .warning
        return logger
    }()

    let broker: EmbeddedKafkaBroker
    let producer: KafkaProducer
    let topics = RelayTopics(prefix: "nexus.")

    init(messageTimeout: Duration = .seconds(30)) throws {
        broker = try EmbeddedKafkaBroker(logger: Self.logger)
        for topic in topics.allTopics {
            try broker.createTopic(topic, partitions: 4)
        }
        var configuration = KafkaProducerConfiguration(bootstrapServers: broker.bootstrapServers)
        configuration.messageTimeout = messageTimeout
        producer = try KafkaProducer(configuration: configuration, logger: Self.logger)
    }

    /// Relay settings with short waits, so tests do not idle.
    static func configuration(batchSize: Int = 500) -> RelayConfiguration {
        var configuration = RelayConfiguration()
        configuration.batchSize = batchSize
        configuration.pollInterval = .milliseconds(200)
        configuration.standbyRetryInterval = .milliseconds(200)
        configuration.initialBackoff = .milliseconds(50)
        configuration.maximumBackoff = .milliseconds(500)
        return configuration
    }

    func relay(store: PostgresEventStore, client: PostgresClient? = nil, batchSize: Int = 500) -> RelayService {
        RelayService(store: store, producer: producer, client: client, configuration: Self.configuration(batchSize: batchSize), logger: Self.logger)
    }

    /// A consumer of every area topic, in a fresh group, from the beginning.
    func consumer() throws -> KafkaConsumer {
        var configuration = KafkaConsumerConfiguration(
            bootstrapServers: broker.bootstrapServers, groupID: "relay-test-\(UUID())", topics: topics.allTopics
        )
        configuration.sessionTimeout = .milliseconds(3000)
        configuration.heartbeatInterval = .milliseconds(300)
        return try KafkaConsumer(configuration: configuration, logger: Self.logger)
    }

    /// Appends `count` single-event appends to `stream` (type `StockReceived`, data `{"n": i}`).
    static func append(_ count: Int, to stream: String, in store: PostgresEventStore) async throws {
        let name = try StreamName(stream)
        for index in 0..<count {
            let data = Data(#"{"n": \#(index)}"#.utf8)
            _ = try await store.append(AppendRequest(stream: name, expectedVersion: .any, events: [EventData(type: "StockReceived", data: data)]))
        }
    }

    /// Appends `count` events to `stream` in one request.
    static func appendBatch(_ count: Int, to stream: String, in store: PostgresEventStore) async throws {
        let events = (0..<count).map { EventData(type: "StockReceived", data: Data(#"{"n": \#($0)}"#.utf8)) }
        _ = try await store.append(AppendRequest(stream: try StreamName(stream), expectedVersion: .any, events: events))
    }

    /// Every event in the store, in global order.
    static func allEvents(in store: PostgresEventStore) async throws -> [RecordedEvent] {
        var events: [RecordedEvent] = []
        while true {
            let page = try await store.readAll(after: events.last?.position ?? 0, limit: 10_000)
            guard !page.isEmpty else { return events }
            events += page
        }
    }

    /// Reads messages until every id in `ids` has arrived at least once; returns all messages read.
    static func collect(ids: Set<String>, from consumer: KafkaConsumer, within limit: Duration = .seconds(60)) async throws -> [KafkaMessage] {
        try await TestServices.within(limit) {
            var missing = ids
            var received: [KafkaMessage] = []
            for try await batch in consumer.batches {
                received += batch
                for message in batch { missing.remove(message.header("ce_id") ?? "") }
                if missing.isEmpty { break }
            }
            return received
        }
    }

    /// Fills 20 order streams (`order-<tag><n>`) with 1,000 events each; returns every event in the store.
    static func fillOrders(tag: String, in store: PostgresEventStore) async throws -> [RecordedEvent] {
        for stream in 0..<20 { try await appendBatch(1000, to: "order-\(tag)\(stream)", in: store) }
        return try await allEvents(in: store)
    }

    /// The `ce_id` of each event.
    static func ids(_ events: [RecordedEvent]) -> Set<String> {
        Set(events.map { $0.id.uuidString.lowercased() })
    }

    /// How many times each `ce_id` arrived.
    static func deliveryCounts(_ received: [KafkaMessage]) -> [String: Int] {
        received.reduce(into: [:]) { counts, message in counts[message.header("ce_id") ?? "", default: 0] += 1 }
    }
}
