import EventStore
import EventStorePostgres
import Foundation
import Kafka
import Logging
import NexusEvents
import NexusTestSupport
import PostgresNIO
import Projections
import ServiceLifecycle
import Testing

@Suite("Projection live mode from Kafka")
struct ProjectionWorkerTests {
    let logger: Logger = {
        var logger = Logger(label: "nexus.test.projections.kafka")
        logger.logLevel = .warning
        return logger
    }()

    @Test("two workers per projection share the partitions; a killed worker restarts; with relay duplicates the result equals a rebuild")
    func workersConvergeToRebuild() async throws {
        try await TestDatabase.withEventStore(prefix: "proj_kafka") { store, database in
            let (prefix, relayed) = try await relayShapedWorkload(seed: 99, events: 400, in: store)
            var messages = relayed
            messages += messages.enumerated().filter { $0.offset % 7 == 0 }.map(\.element)
            let half = messages.count / 2

            let (broker, producer, topics, infrastructure) = try startKafka(prefix: prefix)
            defer { for task in infrastructure { task.cancel() } }

            let makeWorker: @Sendable (any Projection) -> ProjectionWorker = { projection in
                var configuration = self.consumerConfiguration(for: projection, broker: broker, topics: topics, prefix: prefix)
                configuration.sessionTimeout = .milliseconds(3000)
                configuration.heartbeatInterval = .milliseconds(300)
                configuration.maximumBatchSize = 13
                configuration.properties["topic.metadata.refresh.interval.ms"] = "500"
                return ProjectionWorker(projection: projection, client: store.client, consumerConfiguration: configuration, logger: logger)
            }
            var first = ProjectionCatalog.all.map { projection in Task { try await makeWorker(projection).run() } }
            let second = ProjectionCatalog.all.map { projection in Task { try await makeWorker(projection).run() } }
            defer { for worker in first + second { worker.cancel() } }

            for result in try await producer.send(Array(messages[..<half])) { _ = try result.get() }
            try await Self.waitForConsumed(atLeast: half / 3, client: store.client)
            for worker in first { worker.cancel() }
            for task in first { _ = await task.result }
            for result in try await producer.send(Array(messages[half...])) { _ = try result.get() }
            first = ProjectionCatalog.all.map { projection in Task { try await makeWorker(projection).run() } }
            try await Self.waitForConsumed(messages.count, client: store.client)

            let live = try await expectLiveEqualsRebuild(of: store, events: relayed.count)
            #expect(live["orders"]?.isEmpty == false)
        }
    }

    @Test("a worker tells the commit signal after each batch that applied events")
    func workerSignalsItsCommits() async throws {
        try await TestDatabase.withEventStore(prefix: "proj_kafka_signal") { store, _ in
            let (prefix, messages) = try await relayShapedWorkload(seed: 7, events: 60, in: store)
            let (broker, producer, topics, infrastructure) = try startKafka(prefix: prefix)
            defer { for task in infrastructure { task.cancel() } }

            let projection = ProductsProjection()
            let commits = ProjectionCommits()
            let configuration = consumerConfiguration(for: projection, broker: broker, topics: topics, prefix: prefix)
            let worker = ProjectionWorker(projection: projection, client: store.client, consumerConfiguration: configuration, commits: commits, logger: logger)
            let running = Task { try await worker.run() }
            defer { running.cancel() }
            #expect(commits.sequence(of: projection.name) == 0)

            for result in try await producer.send(messages) { _ = try result.get() }
            await commits.wait(for: projection.name, after: 0, upTo: .seconds(60))
            #expect(commits.sequence(of: projection.name) > 0)
            #expect(commits.sequence(of: StockProjection().name) == 0, "only the committing projection's sequence moves")
            let rows = try await store.client.query(
                "SELECT count(*)::int8 FROM read.projection_generations WHERE name = \(projection.name)", logger: logger)
            for try await count in rows.decode(Int64.self) { #expect(count == 1) }
        }
    }

    @Test("offsets of batches holding no event the projection handles are saved too, without applying anything")
    func offsetsOfUnhandledBatchesAreSaved() async throws {
        try await TestDatabase.withEventStore(prefix: "proj_kafka_unhandled") { store, _ in
            let (prefix, relayed) = try await relayShapedWorkload(seed: 13, events: 120, in: store)
            let projection = CategoriesProjection()
            let messages = relayed.filter { message in
                let type = message.headers.first { $0.name == "ce_type" }.map { String(decoding: $0.value, as: UTF8.self) } ?? ""
                return !projection.handledEventTypes.contains { type.contains(".\($0).") }
            }
            #expect(messages.count > 20 && messages.count < relayed.count)
            let (broker, producer, topics, infrastructure) = try startKafka(prefix: prefix)
            defer { for task in infrastructure { task.cancel() } }
            var configuration = consumerConfiguration(for: projection, broker: broker, topics: topics, prefix: prefix)
            configuration.maximumBatchSize = 5
            let worker = ProjectionWorker(projection: projection, client: store.client, consumerConfiguration: configuration, logger: logger)
            let running = Task { try await worker.run() }
            defer { running.cancel() }

            for result in try await producer.send(messages) { _ = try result.get() }
            let consumed = try await savedOffsets(of: projection, reaching: messages.count, client: store.client)
            #expect(consumed == Int64(messages.count), "every message ends up behind the saved offsets")
            let categories = try await store.client.query("SELECT count(*)::int8 FROM read.categories", logger: logger)
            for try await count in categories.decode(Int64.self) { #expect(count == 0) }
        }
    }

    @Test("a malformed message is skipped (logged and counted), and the worker goes on past it")
    func malformedMessageIsSkipped() async throws {
        try await TestDatabase.withEventStore(prefix: "proj_kafka_malformed") { store, _ in
            let (prefix, relayed) = try await relayShapedWorkload(seed: 11, events: 60, in: store)
            var messages = relayed
            let projection = ProductsProjection()
            let bad = try #require(messages.firstIndex { $0.topic.hasSuffix("catalog") })
            messages[bad].headers = messages[bad].headers.map {
                $0.name == "ce_time" ? KafkaHeader(name: "ce_time", string: "not a time") : $0
            }
            let (broker, producer, topics, infrastructure) = try startKafka(prefix: prefix)
            defer { for task in infrastructure { task.cancel() } }
            let configuration = consumerConfiguration(for: projection, broker: broker, topics: topics, prefix: prefix)
            let worker = ProjectionWorker(projection: projection, client: store.client, consumerConfiguration: configuration, logger: logger)
            let running = Task { try await worker.run() }
            defer { running.cancel() }

            for result in try await producer.send(messages) { _ = try result.get() }
            // Every message, the malformed one included, ends up behind the saved offsets.
            let consumed = try await savedOffsets(of: projection, reaching: messages.count, client: store.client)
            #expect(consumed == Int64(messages.count))
            let products = try await store.client.query("SELECT count(*)::int8 FROM read.products", logger: logger)
            for try await count in products.decode(Int64.self) { #expect(count > 0) }
        }
    }

    /// Expects the live read models to equal, row for row, a rebuild of every projection from
    /// `store` (holding `events` events); returns the live snapshot.
    @discardableResult
    func expectLiveEqualsRebuild(of store: PostgresEventStore, events: Int) async throws -> [String: [String]] {
        let live = try await ReadModelSnapshot.take(store.client)
        let rebuilder = ProjectionRebuilder(client: store.client, store: store, logger: logger)
        for projection in ProjectionCatalog.all {
            _ = try await rebuilder.rebuild(projection, total: events)
        }
        let rebuilt = try await ReadModelSnapshot.take(store.client)
        #expect(live == rebuilt, "\(ReadModelSnapshot.differences(live, rebuilt))")
        return live
    }

    /// Migrates the read models, appends a seeded workload to `store`, and returns the events
    /// as the relay would publish them to topics under a fresh prefix.
    func relayShapedWorkload(seed: UInt64, events count: Int, in store: PostgresEventStore) async throws -> (String, [KafkaOutgoingMessage]) {
        try await ProjectionSchema.migrator.migrate(store.client, logger: logger)
        let (_, events) = try await Workload.append(seed: seed, events: count, to: store)
        let prefix = "t\(UUID().uuidString.prefix(8).lowercased())."
        return (prefix, try events.map { try RelayShapedMessages.message(for: $0, topicPrefix: prefix) })
    }

    /// `projection`'s consumer settings with its group id under `prefix`.
    /// The sum of `projection`'s saved next offsets once it reaches `count` (or after 60 s).
    func savedOffsets(of projection: any Projection, reaching count: Int, client: PostgresClient) async throws -> Int64 {
        let deadline = ContinuousClock.now + .seconds(60)
        var consumed: Int64 = 0
        while consumed < Int64(count), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
            let rows = try await client.query(
                "SELECT coalesce(sum(next_offset), 0)::int8 FROM read.projection_offsets WHERE projection = \(projection.name)",
                logger: logger)
            for try await total in rows.decode(Int64.self) { consumed = total }
        }
        return consumed
    }

    func consumerConfiguration(
        for projection: any Projection, broker: EmbeddedKafkaBroker, topics: [String], prefix: String
    ) -> KafkaConsumerConfiguration {
        var configuration = ProjectionWorker.consumerConfiguration(for: projection, bootstrapServers: broker.bootstrapServers, topics: topics)
        configuration.groupID = prefix + configuration.groupID
        return configuration
    }

    /// A running embedded broker with the area topics under `prefix` (4 partitions each) and a
    /// producer; cancel the returned tasks to stop them.
    func startKafka(prefix: String) throws -> (EmbeddedKafkaBroker, KafkaProducer, [String], [Task<Void, Never>]) {
        let broker = try EmbeddedKafkaBroker(logger: logger)
        let topics = EventArea.allCases.map { prefix + $0.topic }
        for topic in topics { try broker.createTopic(topic, partitions: 4) }
        let producer = try KafkaProducer(configuration: KafkaProducerConfiguration(bootstrapServers: broker.bootstrapServers), logger: logger)
        return (broker, producer, topics, [Task { await broker.run() }, Task { await producer.run() }])
    }

    /// Waits until every projection's saved offsets account for `count` messages (or at least
    /// `atLeast` for the slowest projection), as a hang guard of 60 s.
    static func waitForConsumed(_ count: Int = 0, atLeast: Int? = nil, client: PostgresClient) async throws {
        let target = atLeast ?? count
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            let rows = try await client.query(
                """
                SELECT coalesce(min(total), 0)::int8, count(*)::int8 FROM (
                    SELECT sum(next_offset) AS total FROM read.projection_offsets GROUP BY projection) AS per_projection
                """
            )
            for try await (slowest, projections) in rows.decode((Int64, Int64).self)
            where projections == Int64(ProjectionCatalog.all.count) && slowest >= Int64(target) {
                return
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("projections did not consume \(target) messages within 60 s")
    }
}
