import Foundation
import NexusTestSupport
import PostgresNIO
import Projections
import Testing

extension ProjectionWorkerTests {
    @Test("a worker's commit invalidates its own process's read cache directly and another's through NOTIFY")
    func workerInvalidatesReadCaches() async throws {
        try await TestDatabase.withEventStore(prefix: "proj_kafka_read_cache") { store, _ in
            let (prefix, messages) = try await relayShapedWorkload(seed: 11, events: 60, in: store)
            let (broker, producer, topics, infrastructure) = try startKafka(prefix: prefix)
            defer { for task in infrastructure { task.cancel() } }
            let projection = ProductsProjection()
            let events = try await store.readAll(after: 0, limit: 1_000)
            let sku = try #require(events.lazy.compactMap { $0.stream.rawValue.hasPrefix("product-") ? String($0.stream.rawValue.dropFirst(8)) : nil }.first)

            // The serving generation exists first: creating it announces a clear of its own.
            try await store.client.withConnection { try await ProjectionGenerations(logger: logger).ensureServing(projection, on: $0) }
            // Here: told directly by the worker (no listener). There: only through NOTIFY (no worker).
            let here = ReadCache(capacity: 10)
            here.listening()
            let there = ReadCache(capacity: 10)
            let listener = Task { try await ReadCacheListener(cache: there, client: store.client, logger: logger).run() }
            defer { listener.cancel() }
            try await TestServices.eventually(within: .seconds(60)) { there.isEnabled }
            for cache in [here, there] {
                cache.finish(cache.begin(.product(sku)), with: .init(body: ByteBuffer(string: "{}"), tag: "\"0\""), position: 0)
                #expect(cache.count == 1)
            }

            let commits = ProjectionCommits(readCache: here)
            let configuration = consumerConfiguration(for: projection, broker: broker, topics: topics, prefix: prefix)
            let worker = ProjectionWorker(projection: projection, client: store.client, consumerConfiguration: configuration, commits: commits, logger: logger)
            let running = Task { try await worker.run() }
            defer { running.cancel() }
            for result in try await producer.send(messages) { _ = try result.get() }
            #expect(try await savedOffsets(of: projection, reaching: messages.count, client: store.client) == Int64(messages.count))
            // The offsets commit with the batch; the worker tells `commits` just after, so wait for that.
            try await TestServices.eventually(within: .seconds(60)) { here.count == 0 }
            #expect(commits.sequence(of: projection.name) > 0)
            try await TestServices.eventually(within: .seconds(60)) { there.count == 0 }
            #expect(there.isEnabled)
        }
    }
}
