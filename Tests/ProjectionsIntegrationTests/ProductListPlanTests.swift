import Foundation
import Logging
import NexusTestSupport
import PostgresNIO
@testable import Projections
import Testing

/// Every product list shape the query API sends is served by an index over 100,000 products:
/// no sequential scan of the table, no sort of more than a tenth of it, and for each plain sort
/// (alone or within a category) the index made for it, read in order.
@Suite("Product list plans")
struct ProductListPlanTests {
    let logger = Logger(label: "nexus.test.projections.plans")
    static let rows = 100_000

    /// A shape, and the indexes one of which must serve it in order (empty: any index, with
    /// at most a tenth of the table sorted).
    struct Shape: CustomStringConvertible {
        var filter = ProductFilter()
        var sort = ProductSort(.sku)
        var after: ProductKey?
        var index: [String] = []
        var description: String { "sort \(sort.name) \(filter) after \(after.map { "\($0)" } ?? "-")" }
    }

    @Test("each sort and filter is served by an index over 100,000 products")
    func everyShapeUsesAnIndex() async throws {
        try await TestDatabase.withEventStore(prefix: "proj_product_plans") { store, _ in
            try await ProjectionSchema.migrator.migrate(store.client, logger: logger)
            let generation = try await store.client.withConnection {
                try await ProjectionGenerations(logger: logger).ensureServing(ProductsProjection(), on: $0)
            }
            let table = "\(generation.schema).products"
            // Names: a word from each list and the number; every 1,000th is a "Widget" (100 rows).
            try await store.client.query(PostgresQuery(unsafeSQL: """
                INSERT INTO \(table) (sku, name, description, price_minor, currency, category_slug, category_name, status,
                                      available_stock, version, created_at, updated_at)
                SELECT 'SKU-' || lpad(i::text, 6, '0'),
                       (ARRAY['Garden','Kitchen','Steel','Oak','Blue','Red','Cordless','Compact'])[1 + i % 8] || ' '
                           || CASE WHEN i % 1000 = 0 THEN 'widget' ELSE (ARRAY['hose','knife','drill','chair','lamp','table','saw','kettle','rake','brush'])[1 + (i / 8) % 10] END
                           || ' ' || i,
                       'A ' || (ARRAY['sturdy','light','classic','modern'])[1 + i % 4] || ' thing, number ' || i,
                       1 + (i::int8 * 7919) % 100000, 'EUR', 'cat-' || (i % 50), 'Category ' || (i % 50),
                       CASE WHEN i % 10 = 0 THEN 'discontinued' ELSE 'active' END, (i * 31) % 7 - 1, 1,
                       timestamptz '2026-01-01' + i * interval '1 minute', timestamptz '2026-01-01' + i * interval '1 minute'
                  FROM generate_series(1, \(Self.rows)) i
                """), logger: logger)
            try await store.client.query(PostgresQuery(unsafeSQL: "ANALYZE \(table)"), logger: logger)

            for shape in Self.shapes {
                let query = ProductListQuery(filter: shape.filter, sort: shape.sort, after: shape.after, limit: 21)
                let plan = try await explain(query.sql, on: store.client)
                let nodes = Self.nodes(plan)
                #expect(!nodes.contains { ($0["Node Type"] as? String) == "Seq Scan" }, "\(shape): \(Self.summary(nodes))")
                #expect(nodes.contains { ($0["Index Name"] as? String) != nil }, "\(shape): \(Self.summary(nodes))")
                for sort in nodes where (sort["Node Type"] as? String) == "Sort" {
                    let input = (sort["Plans"] as? [[String: Any]])?.first?["Plan Rows"] as? Int ?? Int.max
                    #expect(input <= Self.rows / 10, "\(shape) sorts \(input) rows: \(Self.summary(nodes))")
                }
                if !shape.index.isEmpty {
                    #expect(nodes.contains { shape.index.contains(($0["Index Name"] as? String) ?? "") }, "\(shape) wants \(shape.index): \(Self.summary(nodes))")
                    #expect(!nodes.contains { ($0["Node Type"] as? String) == "Sort" }, "\(shape): \(Self.summary(nodes))")
                }
            }
        }
    }

    /// The shapes: every sort in both directions, alone, within a category and after a key;
    /// price ranges, stock, status and text searches combined with sorts.
    static var shapes: [Shape] {
        let key: [ProductSort.Key: ProductKey.Value] = [
            .sku: .none, .price: .integer(50_000), .name: .text("oak drill 5"), .created: .integer(1_769_904_000_000_000),
            .relevance: .rank(0.5),
        ]
        let plainIndex: [ProductSort.Key: String] = [
            .sku: "products_pkey", .price: "products_by_price", .name: "products_by_name", .created: "products_by_created",
        ]
        let categoryIndex: [ProductSort.Key: String] = [
            .sku: "products_by_category", .price: "products_by_category_price", .name: "products_by_category_name",
            .created: "products_by_category_created",
        ]
        var shapes: [Shape] = []
        for sort in ProductSort.all where sort.key != .relevance {
            let after = ProductKey(value: key[sort.key]!, sku: "SKU-050000")
            let (plain, category) = (plainIndex[sort.key]!, categoryIndex[sort.key]!)
            shapes.append(Shape(sort: sort, index: [plain]))
            shapes.append(Shape(sort: sort, after: after, index: [plain]))
            // Within a category (2% of the rows), reading the order's own index and skipping other
            // categories costs about as much for a page as the category's index (PostgreSQL chose
            // the primary key for sku within a category in one run, from its sampled statistics):
            // either index, read in order, never a sort.
            shapes.append(Shape(filter: ProductFilter(category: "cat-7"), sort: sort, index: [category, plain]))
            shapes.append(Shape(filter: ProductFilter(category: "cat-7"), sort: sort, after: after, index: [category, plain]))
            shapes.append(Shape(filter: ProductFilter(inStock: true), sort: sort))
            shapes.append(Shape(filter: ProductFilter(status: "active", inStock: true), sort: sort, after: after))
            shapes.append(Shape(filter: ProductFilter(minPrice: 1_000, maxPrice: 2_000), sort: sort))
            shapes.append(Shape(filter: ProductFilter(category: "cat-3", minPrice: 10_000, maxPrice: 60_000, inStock: true), sort: sort))
            shapes.append(Shape(filter: ProductFilter(text: "widget"), sort: sort))
        }
        let relevance = ProductSort(.relevance, descending: true)
        shapes.append(Shape(filter: ProductFilter(text: "widget"), sort: relevance))
        shapes.append(Shape(filter: ProductFilter(text: "widget"), sort: relevance, after: ProductKey(value: key[.relevance]!, sku: "SKU-050000")))
        shapes.append(Shape(filter: ProductFilter(category: "cat-0", text: "widget -oak", inStock: true), sort: relevance))
        return shapes
    }

    private func explain(_ query: PostgresQuery, on client: PostgresClient) async throws -> [String: Any] {
        let rows = try await client.query(PostgresQuery(unsafeSQL: "EXPLAIN (FORMAT JSON) " + query.sql, binds: query.binds), logger: logger)
        for try await buffer in rows.decode(ByteBuffer.self) {
            let json = try JSONSerialization.jsonObject(with: Data(buffer.readableBytesView)) as? [[String: Any]]
            return try #require(json?.first?["Plan"] as? [String: Any])
        }
        throw NoPlan()
    }

    struct NoPlan: Error {}

    /// Every node of `plan`, depth first.
    static func nodes(_ plan: [String: Any]) -> [[String: Any]] {
        [plan] + ((plan["Plans"] as? [[String: Any]]) ?? []).flatMap(nodes)
    }

    static func summary(_ nodes: [[String: Any]]) -> String {
        nodes.map { "\($0["Node Type"] ?? "?")\(($0["Index Name"] as? String).map { " on \($0)" } ?? "") (\($0["Plan Rows"] ?? "?"))" }
            .joined(separator: " > ")
    }
}
