import EventStorePostgres
public import Foundation
public import Logging
public import PostgresNIO

/// Queries over the serving generation of the read models (the views in schema `read`).
///
/// Lists are ordered by a unique key and paginated by cursor (the last key of the previous page).
public struct ReadModelQueries: Sendable {
    /// The largest page size served.
    public static let maximumLimit = 200

    let client: PostgresClient
    let logger: Logger

    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    /// The product with `sku`, or `nil`.
    public func product(sku: String) async throws -> ProductView? {
        try await client.withRows(ReadBySKU<ProductView>(sku: sku), logger: logger) { rows in
            for try await product in rows { return product }
            return nil
        }
    }

    /// A page of products matching `filter`, in `sort` order, after `key` (the ``ProductPage/next``
    /// of the previous page).
    public func products(_ filter: ProductFilter, sort: ProductSort, after key: ProductKey?, limit: Int) async throws -> ProductPage {
        let query = ProductListQuery(filter: filter, sort: sort, after: key, limit: min(max(1, limit), Self.maximumLimit))
        return try await client.withRows(query.sql, logger: logger) { rows in
            var page = ProductPage(items: [], next: nil)
            for try await row in rows {
                let product = try ProductView(row: row)
                page.items.append(product)
                if page.items.count == query.limit { page.next = try query.key(of: row, product: product) }
            }
            return page
        }
    }

    /// Stock of `sku`, or `nil`.
    public func stock(sku: String) async throws -> StockView? {
        try await client.withRows(ReadBySKU<StockView>(sku: sku), logger: logger) { rows in
            for try await stock in rows { return stock }
            return nil
        }
    }

    /// SKUs whose available stock is below `threshold`, ordered by SKU.
    public func stock(below threshold: Int64, after cursor: String?, limit: Int) async throws -> ReadModelPage<StockView> {
        let limit = Int64(min(max(1, limit), Self.maximumLimit))
        let items = try await stock(
            """
            SELECT sku, on_hand, reserved, available, last_movement, last_movement_at, version FROM read.stock
             WHERE available < \(threshold) AND (\(cursor)::text IS NULL OR sku > \(cursor)) ORDER BY sku LIMIT \(limit)
            """)
        return ReadModelPage(items: items, nextCursor: items.count == Int(limit) ? items.last?.sku : nil)
    }

    private func stock(_ query: PostgresQuery) async throws -> [StockView] {
        try await client.withRows(query, logger: logger) { rows in
            var views: [StockView] = []
            for try await row in rows {
                views.append(try StockView(row: row))
            }
            return views
        }
    }

    /// Every category, ordered by slug.
    public func categories() async throws -> [CategoryView] {
        try await client.withRows("SELECT slug, name, parent_slug, active_product_count FROM read.categories ORDER BY slug", logger: logger) { rows in
            var views: [CategoryView] = []
            for try await (slug, name, parent, count) in rows.decode((String, String, String?, Int64).self) {
                views.append(CategoryView(slug: slug, name: name, parentSlug: parent, activeProductCount: count))
            }
            return views
        }
    }
}
