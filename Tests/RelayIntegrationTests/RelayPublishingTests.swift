import EventStore
import EventStorePostgres
import Foundation
import Kafka
import NexusTestSupport
import Relay
import Testing

@Suite("Relay publishes the event store to Kafka")
struct RelayPublishingTests {
    @Test("each event goes to its area topic, keyed by stream, with CloudEvents headers, in stream order")
    func headersKeysAndOrder() async throws {
        let fixture = try RelayFixture()
        try await TestDatabase.withEventStore(prefix: "relay_headers") { store, _ in
            let streams = ["product-SKU1", "inventory-SKU1", "order-7f1c", "user-42", "category-books"]
            for _ in 0..<5 {
                for stream in streams { try await RelayFixture.append(4, to: stream, in: store) }
            }
            let events = try await RelayFixture.allEvents(in: store)
            let relay = fixture.relay(store: store)
            let consumer = try fixture.consumer()
            // recorded_at as PostgreSQL itself prints it, to the microsecond.
            var stored: [UUID: String] = [:]
            let rows = try await store.client.query(
                #"SELECT event_id, to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') FROM events"#)
            for try await (id, text) in rows.decode((UUID, String).self) { stored[id] = text }

            let received = try await TestServices.withRunning([fixture.broker, fixture.producer, relay, consumer]) {
                try await RelayFixture.collect(ids: Set(events.map { $0.id.uuidString.lowercased() }), from: consumer)
            }

            #expect(received.count == events.count)
            let byID = Dictionary(uniqueKeysWithValues: received.map { ($0.header("ce_id") ?? "", $0) })
            // What arrives is what the encoder builds (pinned byte for byte by RelayUnitTests).
            let encoder = CloudEventEncoder(topics: fixture.topics, source: RelayConfiguration().source)
            let areas = ["product": "catalog", "inventory": "inventory", "order": "orders", "user": "users", "category": "catalog"]
            for event in events {
                let message = try #require(byID[event.id.uuidString.lowercased()])
                let area = try #require(areas[event.stream.category])
                let encoded = encoder.message(for: event)
                #expect(message.topic == encoded.topic)
                #expect(message.key == encoded.key)
                #expect(message.value == encoded.value)
                #expect(message.headers == encoded.headers)
                #expect(message.topic == "nexus.\(area)")
                #expect(message.keyString == event.stream.rawValue)
                #expect(message.value == Array(event.data))
                #expect(message.header("ce_specversion") == "1.0")
                #expect(message.header("ce_type") == "nexus.\(area).StockReceived.v1")
                #expect(message.header("ce_source") == "/nexus")
                #expect(message.header("ce_subject") == event.stream.rawValue)
                #expect(message.header("content-type") == "application/json")
                #expect(message.header("nexus_stream_version") == String(event.version))
                #expect(message.header("nexus_position") == String(event.position))
                let time = try #require(message.header("ce_time"))
                #expect(time == stored[event.id], "ce_time must be recorded_at exactly")
                #expect(RecordedTime.parse(time).map(RecordedTime.microseconds) == RecordedTime.microseconds(event.recordedAt))
            }
            for stream in streams {
                let versions = received.filter { $0.keyString == stream }.compactMap { $0.header("nexus_stream_version").flatMap(Int64.init) }
                #expect(versions == Array(1...Int64(versions.count)), "stream \(stream) out of order")
            }
        }
    }

    @Test("concurrent writers: every committed event is published, none skipped")
    func noSkippedEventUnderConcurrentWriters() async throws {
        let fixture = try RelayFixture()
        try await TestDatabase.withEventStore(prefix: "relay_concurrent") { store, _ in
            let relay = fixture.relay(store: store, batchSize: 50)
            let consumer = try fixture.consumer()
            let received = try await TestServices.withRunning([fixture.broker, fixture.producer, relay, consumer]) {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for writer in 0..<8 {
                        group.addTask { try await RelayFixture.append(60, to: "inventory-w\(writer)", in: store) }
                    }
                    try await group.waitForAll()
                }
                let events = try await RelayFixture.allEvents(in: store)
                #expect(events.count == 480)
                return try await RelayFixture.collect(ids: Set(events.map { $0.id.uuidString.lowercased() }), from: consumer)
            }
            #expect(Set(received.compactMap { $0.header("ce_id") }).count == 480)
            for writer in 0..<8 {
                let versions = received.filter { $0.keyString == "inventory-w\(writer)" }.compactMap { $0.header("nexus_stream_version").flatMap(Int64.init) }
                #expect(Array(versions.prefix(60)) == Array(1...60))
            }
        }
    }

    @Test("without polling, a relay hears its own store's commits at once and other processes' through NOTIFY")
    func wakeUps() async throws {
        let fixture = try RelayFixture()
        let database = try await TestDatabase.create(prefix: "relay_wake")
        // The relay's store sends one NOTIFY and then none for an hour; the relay never polls.
        let muted = PostgresEventStoreConfiguration(notificationInterval: .seconds(3600))
        try await database.withEventStore(configuration: muted) { store in
            try await database.withEventStore { otherProcess in
                var configuration = RelayFixture.configuration()
                configuration.pollInterval = .seconds(3600)
                let relay = RelayService(store: store, producer: fixture.producer, configuration: configuration, logger: RelayFixture.logger)
                let consumer = try fixture.consumer()
                try await TestServices.withRunning([fixture.broker, fixture.producer, relay, consumer]) {
                    try await RelayFixture.append(1, to: "product-first", in: store)
                    _ = try await RelayFixture.collect(ids: RelayFixture.ids(RelayFixture.allEvents(in: store)), from: consumer)
                    for (writer, name) in [(store, "own"), (otherProcess, "other")] {
                        for round in 0..<3 {
                            let head = try await store.headPosition()
                            try await RelayFixture.append(1, to: "product-\(name)\(round)", in: writer)
                            let appended = try await store.readAll(after: head, limit: 10)
                            #expect(appended.count == 1)
                            _ = try await RelayFixture.collect(ids: RelayFixture.ids(appended), from: consumer, within: .seconds(10))
                        }
                    }
                }
            }
        }
    }

    /// The broker carries out a produce request at once but holds its answer for 20 s: an event
    /// committed meanwhile reaches consumers long before that answer when the relay enqueues it
    /// at once; a relay that reads again only after the answer publishes it about 20 s later.
    /// (With 12 s, a run of the whole suite once took 6.6 s to deliver the second event.)
    @Test("a caught-up relay enqueues a new commit without waiting for the broker's answer to the previous batch")
    func enqueuesWhileUnacknowledged() async throws {
        let fixture = try RelayFixture()
        let database = try await TestDatabase.create(prefix: "relay_pipelined")
        let held = Duration.seconds(20)
        try await database.withEventStore { store in
            var configuration = RelayFixture.configuration()
            configuration.pollInterval = .seconds(3600)
            let relay = RelayService(store: store, producer: fixture.producer, configuration: configuration, logger: RelayFixture.logger)
            let consumer = try fixture.consumer()
            let elapsed = try await TestServices.withRunning([fixture.broker, fixture.producer, relay, consumer]) {
                try await RelayFixture.append(1, to: "product-warm", in: store)
                var seen = try await RelayFixture.allEvents(in: store)
                _ = try await RelayFixture.collect(ids: RelayFixture.ids(seen), from: consumer)
                try fixture.broker.delayNextProduceAnswer(by: held)
                try await RelayFixture.append(1, to: "product-first", in: store)
                let first = try await RelayFixture.allEvents(in: store).filter { !seen.contains($0) }
                _ = try await RelayFixture.collect(ids: RelayFixture.ids(first), from: consumer, within: .seconds(25))
                seen += first
                let committed = ContinuousClock.now
                try await RelayFixture.append(1, to: "product-second", in: store)
                let second = try await RelayFixture.allEvents(in: store).filter { !seen.contains($0) }
                _ = try await RelayFixture.collect(ids: RelayFixture.ids(second), from: consumer, within: .seconds(60))
                return ContinuousClock.now - committed
            }
            #expect(elapsed < held / 2, "the second event reached the consumer \(elapsed) after its commit")
        }
    }

    /// Every checkpoint save takes 2 s (a trigger sleeps, then records the save). A relay that
    /// waited for each save before its next batch (four batches in flight) could enqueue the
    /// tenth batch only after the sixth save, and would save ten times; with the saves behind its
    /// loop every event is out before the second save ends, and the saves are coalesced.
    @Test("slow checkpoint saves neither hold publishing back nor run once per batch")
    func slowCheckpointSaves() async throws {
        let fixture = try RelayFixture()
        try await TestDatabase.withEventStore(prefix: "relay_slow_saves") { store, _ in
            let logger = RelayFixture.logger
            try await store.client.query("CREATE TABLE checkpoint_saves (position int8 NOT NULL)", logger: logger)
            try await store.client.query(
                """
                CREATE FUNCTION slow_checkpoint_save() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    PERFORM pg_sleep(2);
                    INSERT INTO checkpoint_saves VALUES (NEW.position);
                    RETURN NEW;
                END
                $$
                """, logger: logger)
            try await store.client.query(
                "CREATE TRIGGER slow_save BEFORE UPDATE ON checkpoints FOR EACH ROW EXECUTE FUNCTION slow_checkpoint_save()", logger: logger)
            try await RelayFixture.appendBatch(1000, to: "inventory-slowsaves", in: store)
            let events = try await RelayFixture.allEvents(in: store)
            let consumer = try fixture.consumer()
            let checkpoints = PostgresCheckpointStore(client: store.client, logger: logger)
            let savedWhenReceived = try await TestServices.withRunning([fixture.broker, fixture.producer, fixture.relay(store: store, batchSize: 100), consumer]) {
                _ = try await RelayFixture.collect(ids: RelayFixture.ids(events), from: consumer, within: .seconds(60))
                let saved = try await store.client.firstInt64("SELECT count(*) FROM checkpoint_saves", logger: logger)
                try await TestServices.eventually(within: .seconds(60)) { try await checkpoints.position(of: "relay") == events.last?.position }
                return saved
            }
            let saves = try await store.client.firstInt64("SELECT count(*) FROM checkpoint_saves", logger: logger)
            #expect(savedWhenReceived <= 3, "\(savedWhenReceived) saves had ended when the last event arrived")
            #expect(saves >= 1 && saves <= 5, "\(saves) saves for 10 batches")
        }
    }
}
