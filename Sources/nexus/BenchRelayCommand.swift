import ArgumentParser
import EventStore
import EventStorePostgres
import Foundation
import Kafka
import Logging
import PostgresNIO
import Relay

/// `nexus bench relay`: store → broker-acknowledged rate of the relay on a pre-filled store,
/// against the raw producer rate of the same bridge sending the same messages without the store.
struct BenchRelayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "relay",
        abstract: "Relay throughput (store to broker-acknowledged) versus the raw producer on the same payloads.",
        discussion: "Run with a release build: ops/bench relay. Tops the store up to --events first."
    )

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var kafka: KafkaOptions

    @Option(help: "Events in the store to relay (the store is topped up to this many).")
    var events: Int = 200_000

    func validate() throws {
        guard (1_000...5_000_000).contains(events) else { throw ValidationError("--events must be between 1000 and 5000000") }
    }

    func run() async throws {
        let logger = {
            var logger = Logger(label: "nexus.bench")
            logger.logLevel = .warning
            return logger
        }()
        let target = events
        let prefix = kafka.topicPrefix
        let broker = try kafka.embeddedBroker(logger: logger)
        let producer = try KafkaProducer(
            configuration: KafkaProducerConfiguration(bootstrapServers: broker?.bootstrapServers ?? kafka.bootstrap), logger: logger
        )
        let (relayed, relayRate, rawRate) = try await database.withClient(logger: logger, maximumConnections: 8) { client in
            try await EventStoreSchema.migrator.migrate(client, logger: logger)
            let store = PostgresEventStore(client: client, logger: logger)
            return try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await store.run() }
                if let broker { group.addTask { await broker.run() } }
                group.addTask { await producer.run() }
                defer { group.cancelAll() }
                try await Self.prefill(store, upTo: target)
                let all = try await Self.readAll(store)
                Progress.line("bench relay: relaying \(all.count) events…")
                let relayRate = try await Self.measureRelay(store: store, producer: producer, prefix: prefix, head: all.last?.position ?? 0, count: all.count, logger: logger)
                Progress.line("bench relay: raw producer on the same \(all.count) messages…")
                let encoder = CloudEventEncoder(topics: RelayTopics(prefix: prefix), source: "/nexus")
                let rawRate = try await Self.measureRawProducer(producer, messages: all.map(encoder.message(for:)))
                return (all.count, relayRate, rawRate)
            }
        }
        print("events   relay events/s  raw producer msgs/s  ratio")
        print(String(relayed).padding(toLength: 9, withPad: " ", startingAt: 0) + String(format: "%14.0f  %19.0f  %5.2fx", relayRate, rawRate, relayRate / rawRate))
    }

    /// Appends 1,000-event requests over 100 inventory streams until the store holds `target` events.
    static func prefill(_ store: PostgresEventStore, upTo target: Int) async throws {
        var present = try await readAll(store).count
        let run = UUID().uuidString.prefix(8).lowercased()
        let streams = try (0..<100).map { try StreamName("inventory-bench\(run)x\($0)") }
        var request = 0
        while present < target {
            let count = min(1_000, target - present)
            _ = try await store.append(fillRequest(stream: streams[request % streams.count], count: count))
            present += count
            request += 1
            if request % 20 == 0 { Progress.line("bench relay: store holds \(present) events") }
        }
    }

    /// `count` `StockReceived` events for `stream`, in one request.
    private static func fillRequest(stream: StreamName, count: Int) -> AppendRequest {
        let events = (0..<count).map { index in
            EventData(type: "StockReceived", data: Data(#"{"sku":"\#(stream.id)","quantity":\#(index),"reason":"benchmark fill"}"#.utf8))
        }
        return AppendRequest(stream: stream, expectedVersion: .any, events: events)
    }

    static func readAll(_ store: PostgresEventStore) async throws -> [RecordedEvent] {
        var events: [RecordedEvent] = []
        while true {
            let page = try await store.readAll(after: events.last?.position ?? 0, limit: 50_000)
            guard !page.isEmpty else { return events }
            events += page
        }
    }

    /// Runs a relay with a fresh checkpoint until it has acknowledged `head`; returns events per second.
    static func measureRelay(store: PostgresEventStore, producer: KafkaProducer, prefix: String, head: Int64, count: Int, logger: Logger) async throws -> Double {
        var configuration = RelayConfiguration()
        configuration.topicPrefix = prefix
        configuration.checkpointName = "bench-relay-\(UUID().uuidString.lowercased())"
        configuration.advisoryLockKey = Int64.random(in: 1...Int64.max)
        let relay = RelayService(store: store, producer: producer, configuration: configuration, logger: logger)
        let start = ContinuousClock.now
        let task = Task { try await relay.run() }
        defer { task.cancel() }
        while relay.status().checkpoint < head {
            try await Task.sleep(for: .milliseconds(5))
        }
        return Double(count) / seconds(since: start)
    }

    /// Sends `messages` in 5,000-message batches, all enqueued before awaiting; returns messages per second.
    static func measureRawProducer(_ producer: KafkaProducer, messages: [KafkaOutgoingMessage]) async throws -> Double {
        let start = ContinuousClock.now
        var pending: [KafkaPendingDelivery] = []
        for offset in stride(from: 0, to: messages.count, by: 5_000) {
            pending.append(try await producer.enqueue(Array(messages[offset..<min(offset + 5_000, messages.count)])))
        }
        for delivery in pending {
            let failures = try await delivery.outcomes().filter { if case .failure = $0 { true } else { false } }
            guard failures.isEmpty else { throw CommandFailure("raw producer: \(failures.count) deliveries failed") }
        }
        return Double(messages.count) / seconds(since: start)
    }

    private static func seconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }
}
