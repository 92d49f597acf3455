import EventStore
import EventStorePostgres
import Logging
import NexusTestSupport
import PostgresNIO
import Projections
import Testing

@Suite("Read-model queries")
struct ReadModelQueriesTests {
    let logger = Logger(label: "nexus.test.projections.queries")

    @Test("queries page through the serving generation with stable cursors and find single rows")
    func queriesServeReadModels() async throws {
        try await TestDatabase.withEventStore(prefix: "proj_queries") { store, database in
            let (workload, _, queries) = try await liveReadModels(seed: 5, events: 400, partitions: 3, in: store)

            var skus: [String] = []
            var key: ProductKey?
            repeat {
                let page = try await queries.products(ProductFilter(), sort: ProductSort(.sku), after: key, limit: 7)
                skus += page.items.map(\.sku)
                key = page.next
            } while key != nil
            #expect(skus == workload.products.keys.sorted())
            #expect(Set(skus).count == skus.count)

            let sku = try #require(skus.first)
            let product = try #require(try await queries.product(sku: sku))
            #expect(product.name == workload.products[sku]?.name)
            #expect(product.availableStock == Int64(workload.inventory[sku]?.available ?? 0))
            #expect(try await queries.product(sku: "NO-SUCH-SKU") == nil)

            let below = try await queries.stock(below: 5, after: nil, limit: 200)
            #expect(below.items.allSatisfy { $0.available < 5 })
            #expect(Set(below.items.map(\.sku)) == Set(workload.inventory.filter { $0.value.available < 5 }.keys))

            let categories = try await queries.categories()
            #expect(categories.map(\.slug) == workload.categories.keys.sorted())
            for category in categories {
                let active = workload.products.values.filter { $0.categorySlug == category.slug && !$0.isDiscontinued }.count
                #expect(category.activeProductCount == Int64(active))
            }

            let (userID, user) = try #require(workload.users.first)
            let view = try #require(try await queries.user(id: userID))
            #expect(view.email == user.email && view.name == user.name)
            let placed = workload.orders.values.filter { $0.customerId == userID }
            let orders = try await queries.orders(customer: userID, after: nil, limit: 200)
            #expect(orders.items.count == placed.count)
            #expect(view.orderCount == Int64(placed.count))
        }
    }

    @Test("single-row reads (prepared statements) keep working on the same connections after a rebuild re-points the views")
    func singleRowsAfterRebuild() async throws {
        try await TestDatabase.withEventStore(prefix: "proj_queries_rebuild") { store, _ in
            let (workload, events, queries) = try await liveReadModels(seed: 8, events: 200, partitions: 2, in: store)
            let sku = try #require(workload.inventory.keys.sorted().first)
            let before = try #require(try await queries.stock(sku: sku))
            let product = try #require(try await queries.product(sku: sku))

            let rebuilder = ProjectionRebuilder(client: store.client, store: store, logger: logger)
            for projection in [StockProjection(), ProductsProjection()] as [any Projection] {
                _ = try await rebuilder.rebuild(projection, total: events.count)
            }
            for _ in 0..<10 {  // more reads than the pool has connections, so every prepared one is reused
                #expect(try await queries.stock(sku: sku) == before)
                #expect(try await queries.product(sku: sku) == product)
            }
            #expect(try await queries.stock(sku: "NO-SUCH-SKU") == nil)
        }
    }

    /// Migrates the read models, appends a seeded workload to `store` and applies it as live
    /// workers would; returns the workload, its events and queries over the result.
    func liveReadModels(
        seed: UInt64, events count: Int, partitions: Int, in store: PostgresEventStore
    ) async throws -> (Workload, [RecordedEvent], ReadModelQueries) {
        try await ProjectionSchema.migrator.migrate(store.client, logger: logger)
        let (workload, events) = try await Workload.append(seed: seed, events: count, to: store)
        try await LiveApplication.apply(events, partitions: partitions, seed: seed, client: store.client, logger: logger)
        return (workload, events, ReadModelQueries(client: store.client, logger: logger))
    }
}
