import Foundation
package import Logging
package import PostgresNIO

extension RebuildBenchmark {
    /// Inserts `count` synthetic events straight into `events` (the hash-chain trigger runs per
    /// row): 20 categories, one product per 100 events (at most 10,000) and stock movements
    /// (received and adjusted, schema v2) spread over the products' inventory streams.
    package static func prefill(_ count: Int, client: PostgresClient, logger: Logger, progress: (String) -> Void) async throws {
        let run = "r" + UUID().uuidString.prefix(6).lowercased()
        let products = Int64(max(1, min(10_000, count / 100)))
        try await client.query(
            """
            INSERT INTO events (event_id, stream, stream_version, type, schema_version, data, metadata)
            SELECT gen_random_uuid(), 'category-' || \(run) || '-' || g, 1, 'CategoryCreated', 1,
                   jsonb_build_object('slug', \(run) || '-' || g, 'name', 'Category ' || g, 'parentSlug', NULL), '{}'::jsonb
              FROM generate_series(0, 19) AS g ORDER BY g
            """,
            logger: logger
        )
        try await client.query(
            """
            INSERT INTO events (event_id, stream, stream_version, type, schema_version, data, metadata)
            SELECT gen_random_uuid(), 'product-' || \(run) || '-' || g, 1, 'ProductCreated', 1,
                   jsonb_build_object('sku', \(run) || '-' || g, 'name', 'Product ' || g, 'description', 'synthetic',
                       'price', jsonb_build_object('amountMinor', 100 + g, 'currency', 'EUR'), 'categorySlug', \(run) || '-' || (g % 20)),
                   '{}'::jsonb
              FROM generate_series(0, \(products - 1)) AS g ORDER BY g
            """,
            logger: logger
        )
        let movements = Int64(count) - 20 - products
        let chunk: Int64 = 100_000
        var low: Int64 = 0
        while low < movements {
            let high = min(movements, low + chunk) - 1
            try await client.query(
                """
                INSERT INTO events (event_id, stream, stream_version, type, schema_version, data, metadata)
                SELECT gen_random_uuid(), 'inventory-' || \(run) || '-' || (g % \(products)), g / \(products) + 1,
                       CASE WHEN g % 3 = 2 THEN 'StockAdjusted' ELSE 'StockReceived' END,
                       CASE WHEN g % 3 = 2 THEN 2 ELSE 1 END,
                       CASE WHEN g % 3 = 2
                            THEN jsonb_build_object('sku', \(run) || '-' || (g % \(products)), 'delta', -1, 'reason', 'damaged', 'note', NULL)
                            ELSE jsonb_build_object('sku', \(run) || '-' || (g % \(products)), 'quantity', 1 + g % 5) END,
                       '{}'::jsonb
                  FROM generate_series(\(low), \(high)) AS g ORDER BY g
                """,
                logger: logger
            )
            low = high + 1
            progress("bench rebuild: pre-filled \(low + 20 + products) of \(count) events")
        }
    }
}
