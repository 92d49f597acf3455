import EventStore
package import EventStorePostgres
import Foundation
package import Kafka
package import Logging
import Relay

/// `nexus bench relay`: store → broker-acknowledged rate of the relay on a pre-filled store,
/// against the raw producer rate of the same bridge sending the same messages without the store.
package enum RelayBenchmark {
    /// Events relayed and, per round, the relay's rate and the raw producer's rate (events or
    /// messages per second).
    package struct Result: Sendable {
        var events: Int
        var relayRates: [Double] = []
        var rawRates: [Double] = []
    }

    /// Tops `store` up to `events` events, then `rounds` times relays them all with a fresh
    /// checkpoint and sends the same messages with the raw producer, alternating so that both see
    /// the same machine load; `store` and `producer` must be running. The first `warmUpRounds`
    /// pairs are run the same way and left out of the result: the first round pays for the
    /// broker's topic creation, the page cache and the allocator's growth, which made the first
    /// ratio of a series differ from the others by up to 2x.
    package static func measure(
        store: PostgresEventStore, producer: KafkaProducer, prefix: String, events target: Int, rounds: Int, warmUpRounds: Int = 1,
        logger: Logger, progress: (String) -> Void
    ) async throws -> Result {
        try await prefill(store, upTo: target, progress: progress)
        let all = try await readAll(store)
        let encoder = CloudEventEncoder(topics: RelayTopics(prefix: prefix), source: "/nexus")
        // The raw producer sends batches of the relay's own size.
        let size = RelayConfiguration().batchSize
        let batches = stride(from: 0, to: all.count, by: size).map { encoder.messages(for: Array(all[$0..<min($0 + size, all.count)])) }
        for round in stride(from: 1, through: warmUpRounds, by: 1) {
            progress("bench relay: warm-up round \(round) of \(warmUpRounds)…")
            _ = try await measureRelay(store: store, producer: producer, prefix: prefix, head: all.last?.position ?? 0, count: all.count, logger: logger)
            _ = try await measureRawProducer(producer, batches: batches)
        }
        var result = Result(events: all.count)
        for round in 1...rounds {
            progress("bench relay: round \(round) of \(rounds): relaying \(all.count) events…")
            result.relayRates.append(
                try await measureRelay(store: store, producer: producer, prefix: prefix, head: all.last?.position ?? 0, count: all.count, logger: logger))
            progress("bench relay: round \(round) of \(rounds): relay \(Int(result.relayRates[round - 1])) events/s; raw producer on the same \(all.count) messages…")
            result.rawRates.append(try await measureRawProducer(producer, batches: batches))
            progress("bench relay: round \(round) of \(rounds): raw producer \(Int(result.rawRates[round - 1])) msgs/s")
        }
        return result
    }

    /// The result line (medians of the rounds, each round's ratio) under its header.
    package static func report(_ result: Result) -> String {
        let rounds = zip(result.relayRates, result.rawRates).map { String(format: "%.2f", $0 / $1) }.joined(separator: " ")
        return "events   relay events/s  raw producer msgs/s  ratio  (rounds)\n"
            + String(result.events).padding(toLength: 9, withPad: " ", startingAt: 0)
            + String(format: "%14.0f  %19.0f  %5.2fx", result.relayRates.median, result.rawRates.median, result.relayRates.median / result.rawRates.median)
            + "  (\(rounds))"
    }

    /// Appends 1,000-event requests over 100 inventory streams until the store holds `target` events.
    static func prefill(_ store: PostgresEventStore, upTo target: Int, progress: (String) -> Void) async throws {
        var present = try await readAll(store).count
        let run = UUID().uuidString.prefix(8).lowercased()
        let streams = try (0..<100).map { try StreamName("inventory-bench\(run)x\($0)") }
        var request = 0
        while present < target {
            let count = min(1_000, target - present)
            _ = try await store.append(fillRequest(stream: streams[request % streams.count], count: count))
            present += count
            request += 1
            if request % 20 == 0 { progress("bench relay: store holds \(present) events") }
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
        while relay.status().checkpoint < head {
            do {
                try await Task.sleep(for: .milliseconds(5))
            } catch {
                task.cancel()
                throw error
            }
        }
        let rate = Double(count) / (ContinuousClock.now - start).seconds
        // The relay has stopped before the raw producer's round begins, so the two never overlap.
        task.cancel()
        _ = await task.result
        return rate
    }

    /// Sends `batches` (of the relay's batch size), all enqueued before awaiting; returns messages per second.
    static func measureRawProducer(_ producer: KafkaProducer, batches: [KafkaOutgoingBatch]) async throws -> Double {
        let start = ContinuousClock.now
        var pending: [KafkaPendingDelivery] = []
        for batch in batches {
            pending.append(try await producer.enqueue(batch))
        }
        for delivery in pending {
            let failures = try await delivery.outcomes().filter { if case .failure = $0 { true } else { false } }
            guard failures.isEmpty else { throw BenchmarkFailure("raw producer: \(failures.count) deliveries failed") }
        }
        return Double(batches.reduce(0) { $0 + $1.count }) / (ContinuousClock.now - start).seconds
    }
}
