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

    @Test("the lag counts the handled events after the frontier, up to the cap, and reaches 0 once all are applied")
    func lagFollowsApplication() async throws {
        try await TestDatabase.withEventStore(prefix: "proj_progress") { store, database in
            try await ProjectionSchema.migrator.migrate(store.client, logger: logger)
            let (_, events) = try await Workload.append(seed: 11, events: 300, to: store)
            let projection = StockProjection()
            let handled = events.filter { projection.handledEventTypes.contains($0.type) }
            try #require(handled.count > 10)
            let applier = ProjectionApplier(projection: projection, logger: logger)
            let generation = try await store.client.withConnection { try await ProjectionGenerations(logger: logger).ensureServing(projection, on: $0) }
            func stock(cap: Int64 = 100_000) async throws -> ProjectionProgress.Entry? {
                try await ProjectionProgress.entries(client: store.client, cap: cap, logger: logger)[projection.name]
            }
            func apply(_ batch: [RecordedEvent]) async throws {
                try await store.client.withConnection { connection in
                    _ = try await connection.withTransaction(logger: logger) { try await applier.apply(batch, to: generation, on: $0) }
                }
            }

            let untouched = try #require(try await stock())
            #expect(untouched.appliedPosition == 0 && untouched.pendingEvents == Int64(handled.count))
            #expect(try await stock(cap: 5)?.pendingEvents == 5)

            let half = handled[handled.count / 2]
            try await apply(events.filter { $0.position <= half.position })
            let halfway = try #require(try await stock())
            #expect(halfway.appliedPosition == half.position)
            #expect(halfway.pendingEvents == Int64(handled.filter { $0.position > half.position }.count))

            try await apply(events.filter { $0.position > half.position })
            let caughtUp = try #require(try await stock())
            #expect(caughtUp.appliedPosition == handled[handled.count - 1].position && caughtUp.pendingEvents == 0)
        }
    }
}
