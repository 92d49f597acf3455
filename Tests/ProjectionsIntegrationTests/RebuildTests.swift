import EventStore
import EventStorePostgres
import Logging
import NexusTestSupport
import PostgresNIO
import Projections
import Testing

@Suite("Projection rebuild")
struct RebuildTests {
    let logger = Logger(label: "nexus.test.projections")

    @Test("a rebuild from the store equals live application row for row, after a randomised workload", arguments: [UInt64(7), 2026])
    func rebuildEqualsLive(seed: UInt64) async throws {
        try await TestDatabase.withEventStore(prefix: "proj_rebuild") { store, database in
            try await ProjectionSchema.migrator.migrate(store.client, logger: logger)
            let (_, events) = try await Workload.append(seed: seed, events: 600, to: store)
            try await LiveApplication.apply(events, partitions: 4, seed: seed, client: store.client, logger: logger)
            let live = try await ReadModelSnapshot.take(store.client)
            #expect(live["products"]?.isEmpty == false)
            #expect(live["orders"]?.isEmpty == false)

            let rebuilder = ProjectionRebuilder(client: store.client, store: store, configuration: Self.smallPages, logger: logger)
            let progress = ProgressLog()
            for projection in ProjectionCatalog.all {
                let report = try await rebuilder.rebuild(projection, total: events.count) { progress.record($0) }
                #expect(report.generation.number == 2)
                #expect(report.eventsRead == events.count)
            }
            let rebuilt = try await ReadModelSnapshot.take(store.client)
            #expect(rebuilt == live)
            #expect(progress.last?.eventsDone == events.count)
        }
    }

    @Test("all projections rebuilt in one pass, the whole workload folded in one page, equal live application row for row")
    func onePassRebuildEqualsLive() async throws {
        try await TestDatabase.withEventStore(prefix: "proj_onepass") { store, database in
            try await ProjectionSchema.migrator.migrate(store.client, logger: logger)
            let (_, events) = try await Workload.append(seed: 99, events: 600, to: store)
            try await LiveApplication.apply(events, partitions: 3, seed: 99, client: store.client, logger: logger)
            let live = try await ReadModelSnapshot.take(store.client)

            var onePage = ProjectionRebuilder.Configuration()
            onePage.pageSize = 100_000
            let rebuilder = ProjectionRebuilder(client: store.client, store: store, configuration: onePage, logger: logger)
            let reports = try await rebuilder.rebuild(ProjectionCatalog.all, total: events.count)
            #expect(reports.map(\.projection) == ProjectionCatalog.all.map(\.name))
            #expect(reports.allSatisfy { $0.generation.number == 2 && $0.eventsRead == events.count })
            let rebuilt = try await ReadModelSnapshot.take(store.client)
            #expect(ReadModelSnapshot.differences(rebuilt, live).isEmpty)
            #expect(rebuilt == live)
        }
    }

    @Test("the serving generation keeps answering until the switch; a failed rebuild leaves it untouched")
    func failedRebuildLeavesServingGeneration() async throws {
        try await TestDatabase.withEventStore(prefix: "proj_crash") { store, database in
            try await ProjectionSchema.migrator.migrate(store.client, logger: logger)
            let (_, events) = try await Workload.append(seed: 11, events: 200, to: store)
            try await LiveApplication.apply(events, partitions: 1, seed: 11, client: store.client, logger: logger)
            let before = try await ReadModelSnapshot.take(store.client)
            let rebuilder = ProjectionRebuilder(client: store.client, store: store, configuration: Self.smallPages, logger: logger)
            await #expect(throws: AbortedRebuild.self) {
                _ = try await rebuilder.rebuild(ProductsProjection(), total: events.count) { progress in
                    if progress.eventsDone >= 100 { throw AbortedRebuild() }
                }
            }
            #expect(try await ReadModelSnapshot.take(store.client) == before)
            let report = try await rebuilder.rebuild(ProductsProjection(), total: events.count)
            #expect(report.generation.number == 2)
            #expect(try await ReadModelSnapshot.take(store.client) == before)
        }
    }

    static var smallPages: ProjectionRebuilder.Configuration {
        var configuration = ProjectionRebuilder.Configuration()
        configuration.pageSize = 50
        return configuration
    }
}

struct AbortedRebuild: Error {}
