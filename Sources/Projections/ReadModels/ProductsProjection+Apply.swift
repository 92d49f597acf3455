import EventStorePostgres
public import Logging
import NexusEvents
public import PostgresNIO

extension ProductsProjection {
    /// The final change of one product's own fields within a batch.
    struct ProductChange {
        var created = false
        var name: String?
        var description: String?
        var price: Money?
        var categorySlug: String?
        var discontinued = false
        var version: Int64 = 0
        var at: Int64 = 0
        /// When the product was created (milliseconds since 1970), for products created in the batch.
        var createdAt: Int64 = 0
    }

    /// Folds the batch into final category names, stock levels and product rows, then writes
    /// them: category names and stock first, products created in the batch with their final
    /// state, other products updated once, then the category names and available stock of the
    /// products they touch (the same invariants the per-event statements kept).
    public func apply(_ events: [ProjectionEvent], on connection: PostgresConnection, logger: Logger) async throws {
        var stock = StockChanges()
        var slugs: [String] = []
        var names: [String: String] = [:]
        var skus: [String] = []
        var products: [String: ProductChange] = [:]
        for event in events where !stock.add(event) {
            let sku: String
            var change: ProductChange
            switch event.event {
            case .categoryCreated(let e):
                if names.updateValue(e.name, forKey: e.slug) == nil { slugs.append(e.slug) }
                continue
            case .categoryRenamed(let e):
                if names.updateValue(e.name, forKey: e.slug) == nil { slugs.append(e.slug) }
                continue
            case .productCreated(let e):
                (sku, change) = (e.sku, ProductChange(created: true, name: e.name, description: e.description, price: e.price, categorySlug: e.categorySlug))
            case .productRenamed(let e): (sku, change) = (e.sku, products[e.sku] ?? ProductChange()); change.name = e.name
            case .productDescriptionChanged(let e): (sku, change) = (e.sku, products[e.sku] ?? ProductChange()); change.description = e.description
            case .productPriceChanged(let e): (sku, change) = (e.sku, products[e.sku] ?? ProductChange()); change.price = e.price
            case .productRecategorized(let e): (sku, change) = (e.sku, products[e.sku] ?? ProductChange()); change.categorySlug = e.categorySlug
            case .productDiscontinued(let e): (sku, change) = (e.sku, products[e.sku] ?? ProductChange()); change.discontinued = true
            default: continue
            }
            if products[sku] == nil { skus.append(sku) }
            if case .productCreated = event.event { change.createdAt = event.at }
            change.version = event.version
            change.at = event.at
            products[sku] = change
        }
        if !slugs.isEmpty {
            try await connection.queryIfOpen(
                """
                INSERT INTO products_category_names (slug, name) SELECT * FROM unnest(\(slugs)::text[], \(slugs.map { names[$0] ?? "" })::text[])
                ON CONFLICT (slug) DO UPDATE SET name = excluded.name
                """,
                logger: logger
            )
        }
        if !stock.isEmpty {
            let levels = stock.orderedLevels
            try await connection.queryIfOpen(
                """
                INSERT INTO products_stock (sku, on_hand, reserved)
                SELECT * FROM unnest(\(stock.skus)::text[], \(levels.map(\.onHand))::int8[], \(levels.map(\.reserved))::int8[])
                ON CONFLICT (sku) DO UPDATE SET on_hand = products_stock.on_hand + excluded.on_hand,
                                                reserved = products_stock.reserved + excluded.reserved
                """,
                logger: logger
            )
        }
        let created = skus.filter { products[$0]?.created == true }
        let updated = skus.filter { products[$0]?.created == false }
        if !created.isEmpty { try await insert(created, created.compactMap { products[$0] }, on: connection, logger: logger) }
        if !updated.isEmpty { try await update(updated, updated.compactMap { products[$0] }, on: connection, logger: logger) }
        if !slugs.isEmpty {
            try await connection.queryIfOpen(
                """
                UPDATE products p SET category_name = n.name FROM products_category_names n
                 WHERE n.slug = ANY(\(slugs)::text[]) AND p.category_slug = n.slug AND p.category_name IS DISTINCT FROM n.name
                """,
                logger: logger
            )
        }
        if !stock.isEmpty {
            try await connection.queryIfOpen(
                """
                UPDATE products p SET available_stock = s.on_hand - s.reserved FROM products_stock s
                 WHERE s.sku = ANY(\(stock.skus)::text[]) AND p.sku = s.sku
                """,
                logger: logger
            )
        }
    }

    private func insert(_ skus: [String], _ changes: [ProductChange], on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.queryIfOpen(
            """
            INSERT INTO products (sku, name, description, price_minor, currency, category_slug, category_name,
                                  status, available_stock, version, created_at, updated_at)
            SELECT u.sku, u.name, u.description, u.price_minor, u.currency, u.slug, n.name,
                   CASE WHEN u.discontinued THEN 'discontinued' ELSE 'active' END, coalesce(s.on_hand - s.reserved, 0),
                   u.version, timestamptz 'epoch' + u.created_at * interval '1 millisecond',
                   timestamptz 'epoch' + u.at * interval '1 millisecond'
              FROM unnest(\(skus)::text[], \(changes.map { $0.name ?? "" })::text[], \(changes.map { $0.description ?? "" })::text[],
                          \(changes.map { $0.price?.amountMinor ?? 0 })::int8[], \(changes.map { $0.price?.currency ?? "" })::text[],
                          \(changes.map { $0.categorySlug ?? "" })::text[], \(changes.map(\.discontinued))::bool[],
                          \(changes.map(\.version))::int8[], \(changes.map(\.createdAt))::int8[], \(changes.map(\.at))::int8[])
                   AS u(sku, name, description, price_minor, currency, slug, discontinued, version, created_at, at)
              LEFT JOIN products_category_names n ON n.slug = u.slug
              LEFT JOIN products_stock s ON s.sku = u.sku
            """,
            logger: logger
        )
    }

    private func update(_ skus: [String], _ changes: [ProductChange], on connection: PostgresConnection, logger: Logger) async throws {
        var name = OptionalColumn(placeholder: "")
        var description = OptionalColumn(placeholder: "")
        var price = OptionalColumn(placeholder: Int64(0))
        var currency = OptionalColumn(placeholder: "")
        var slug = OptionalColumn(placeholder: "")
        for change in changes {
            name.append(change.name)
            description.append(change.description)
            price.append(change.price?.amountMinor)
            currency.append(change.price?.currency)
            slug.append(change.categorySlug)
        }
        try await connection.queryIfOpen(
            """
            UPDATE products p
               SET name = CASE WHEN u.has_name THEN u.name ELSE p.name END,
                   description = CASE WHEN u.has_description THEN u.description ELSE p.description END,
                   price_minor = CASE WHEN u.has_price THEN u.price_minor ELSE p.price_minor END,
                   currency = CASE WHEN u.has_price THEN u.currency ELSE p.currency END,
                   category_slug = CASE WHEN u.has_slug THEN u.slug ELSE p.category_slug END,
                   category_name = CASE WHEN u.has_slug THEN (SELECT n.name FROM products_category_names n WHERE n.slug = u.slug)
                                        ELSE p.category_name END,
                   status = CASE WHEN u.discontinued THEN 'discontinued' ELSE p.status END,
                   version = u.version, updated_at = timestamptz 'epoch' + u.at * interval '1 millisecond'
              FROM unnest(\(skus)::text[], \(name.isSet)::bool[], \(name.values)::text[],
                          \(description.isSet)::bool[], \(description.values)::text[],
                          \(price.isSet)::bool[], \(price.values)::int8[], \(currency.values)::text[],
                          \(slug.isSet)::bool[], \(slug.values)::text[], \(changes.map(\.discontinued))::bool[],
                          \(changes.map(\.version))::int8[], \(changes.map(\.at))::int8[])
                   AS u(sku, has_name, name, has_description, description, has_price, price_minor, currency,
                        has_slug, slug, discontinued, version, at)
             WHERE p.sku = u.sku
            """,
            logger: logger
        )
    }
}
