import ArgumentParser
import EventStorePostgres
import Kafka
import Logging
import NexusBenchmarks

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

    @Option(help: "Alternating rounds of the relay and the raw producer; the medians are reported.")
    var rounds = 5

    @Option(help: "Rounds of each run first and left out of the result (the broker's topics, the page cache and the allocator warm up).")
    var warmUpRounds = 1

    func validate() throws {
        guard (1_000...5_000_000).contains(events) else { throw ValidationError("--events must be between 1000 and 5000000") }
        guard (1...20).contains(rounds) else { throw ValidationError("--rounds must be between 1 and 20") }
        guard (0...5).contains(warmUpRounds) else { throw ValidationError("--warm-up-rounds must be between 0 and 5") }
    }

    func run() async throws {
        let logger = {
            var logger = Logger(label: "nexus.bench")
            logger.logLevel = .warning
            return logger
        }()
        let (target, rounds, warmUpRounds) = (events, self.rounds, self.warmUpRounds)
        let prefix = kafka.topicPrefix
        let broker = try kafka.embeddedBroker(logger: logger)
        let producer = try KafkaProducer(
            configuration: KafkaProducerConfiguration(bootstrapServers: broker?.bootstrapServers ?? kafka.bootstrap), logger: logger
        )
        let result = try await database.withClient(logger: logger, maximumConnections: 8) { client in
            try await EventStoreSchema.migrator.migrate(client, logger: logger)
            let store = PostgresEventStore(client: client, logger: logger)
            return try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await store.run() }
                if let broker { group.addTask { await broker.run() } }
                group.addTask { await producer.run() }
                defer { group.cancelAll() }
                return try await RelayBenchmark.measure(
                    store: store, producer: producer, prefix: prefix, events: target, rounds: rounds, warmUpRounds: warmUpRounds,
                    logger: logger, progress: Progress.line)
            }
        }
        print(RelayBenchmark.report(result))
    }
}
