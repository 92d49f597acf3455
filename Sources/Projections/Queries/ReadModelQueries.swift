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

    /// Products filtered by category, status and text in the name, ordered by SKU, after `cursor`.
    public func products(category: String?, status: String?, nameContains: String?, after cursor: String?, limit: Int) async throws -> ReadModelPage<ProductView> {
        let limit = Int64(min(max(1, limit), Self.maximumLimit))
        let pattern = nameContains.map { "%" + $0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_") + "%" }
        let items = try await products(
            """
            SELECT sku, name, description, price_minor, currency, category_slug, category_name, status, available_stock,
                   version, updated_at FROM read.products
             WHERE (\(category)::text IS NULL OR category_slug = \(category))
              AND (\(status)::text IS NULL OR status = \(status))
              AND (\(pattern)::text IS NULL OR name ILIKE \(pattern))
              AND (\(cursor)::text IS NULL OR sku > \(cursor))
             ORDER BY sku LIMIT \(limit)
            """)
        return ReadModelPage(items: items, nextCursor: items.count == Int(limit) ? items.last?.sku : nil)
    }

    private func products(_ query: PostgresQuery) async throws -> [ProductView] {
        try await client.withRows(query, logger: logger) { rows in
            var views: [ProductView] = []
            for try await row in rows {
                views.append(try ProductView(row: row))
            }
            return views
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
