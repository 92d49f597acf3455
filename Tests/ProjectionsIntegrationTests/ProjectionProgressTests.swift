import EventStore
import EventStorePostgres
import Logging
import NexusTestSupport
import PostgresNIO
import Projections
import Testing

@Suite("Projection progress (the lag of /ready, /metrics and nexus status)")
struct ProjectionProgressTests {
    let logger = Logger(label: "nexus.test.projections.progress")

    @Test("the lag counts the handled events not applied, up to the cap, and reaches 0 once all are applied")
    func lagFollowsApplication() async throws {
        try await TestDatabase.withEventStore(prefix: "proj_progress") { store, database in
            try await ProjectionSchema.migrator.migrate(store.client, logger: logger)
            let (_, events) = try await Workload.append(seed: 11, events: 300, to: store)
            let projection = StockProjection()
            let handled = events.filter { projection.handledEventTypes.contains($0.type) }
            try #require(handled.count > 10)
            let applier = ProjectionApplier(projection: projection, logger: logger)
            let generation = try await store.client.withConnection { try await ProjectionGenerations(logger: logger).ensureServing(projection, on: $0) }
            let watermarks = ProjectionWatermarks()
            func stock(cap: Int64 = 100_000) async throws -> ProjectionProgress.Entry? {
                try await ProjectionProgress.entries(client: store.client, cap: cap, watermarks: watermarks, logger: logger)[projection.name]
            }
            func apply(_ batch: [RecordedEvent]) async throws {
                try await store.client.withConnection { connection in
                    _ = try await connection.withTransaction(logger: logger) { try await applier.apply(batch, to: generation, on: $0) }
                }
            }

            let untouched = try #require(try await stock())
            #expect(untouched.appliedPosition == handled[0].position - 1 && untouched.pendingEvents == Int64(handled.count))
            #expect(try await stock(cap: 5)?.pendingEvents == 5)

            let half = handled[handled.count / 2]
            try await apply(events.filter { $0.position <= half.position })
            let halfway = try #require(try await stock())
            #expect(halfway.appliedPosition == handled[handled.count / 2 + 1].position - 1)
            #expect(halfway.pendingEvents == Int64(handled.filter { $0.position > half.position }.count))

            try await apply(events.filter { $0.position > half.position })
            let caughtUp = try #require(try await stock())
            #expect(caughtUp.appliedPosition == events[events.count - 1].position && caughtUp.pendingEvents == 0)
        }
    }

    @Test("a partition applied ahead of the others leaves their events pending and the watermark below them")
    func partitionAheadOfOthers() async throws {
        try await TestDatabase.withEventStore(prefix: "proj_progress_ahead") { store, database in
            try await ProjectionSchema.migrator.migrate(store.client, logger: logger)
            let (_, events) = try await Workload.append(seed: 12, events: 300, to: store)
            let projection = StockProjection()
            let handled = events.filter { projection.handledEventTypes.contains($0.type) }
            let last = try #require(handled.last)
            let ahead = events.filter { $0.stream == last.stream }
            let behind = handled.filter { $0.stream != last.stream }
            try #require(!behind.isEmpty)
            let applier = ProjectionApplier(projection: projection, logger: logger)
            let generation = try await store.client.withConnection { try await ProjectionGenerations(logger: logger).ensureServing(projection, on: $0) }
            // Only the stream of the last handled event: as a worker whose partition is ahead.
            try await store.client.withConnection { connection in
                _ = try await connection.withTransaction(logger: logger) { try await applier.apply(ahead, to: generation, on: $0) }
            }
            let watermarks = ProjectionWatermarks()
            for reading in 1...2 {
                let entry = try #require(
                    try await ProjectionProgress.entries(client: store.client, cap: 100_000, watermarks: watermarks, logger: logger)[projection.name])
                #expect(entry.pendingEvents == Int64(behind.count), "reading \(reading)")
                #expect(entry.appliedPosition == behind[0].position - 1, "reading \(reading)")
            }
        }
    }
}
