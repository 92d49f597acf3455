public import EventStore
public import NexusEvents
public import PostgresNIO

/// Products with their category name and available stock.
///
/// Converges whatever the order across streams: the category name is looked up when a product
/// is created or moved and fixed up when a category is created or renamed; stock levels are
/// kept per SKU (`products_stock`) even before the product exists.
public struct ProductsProjection: Projection {
    public init() {}

    public let name = "products"
    public let version = 1

    public let handledEventTypes: Set<String> = StockMovement.eventTypes.union([
        ProductCreated.eventType, ProductRenamed.eventType, ProductDescriptionChanged.eventType,
        ProductPriceChanged.eventType, ProductRecategorized.eventType, ProductDiscontinued.eventType,
        CategoryCreated.eventType, CategoryRenamed.eventType,
    ])

    public let tables = [
        ReadModelTable(name: "products", ddl: [
            """
            CREATE TABLE products (
                sku text PRIMARY KEY,
                name text NOT NULL,
                description text NOT NULL,
                price_minor bigint NOT NULL,
                currency text NOT NULL,
                category_slug text NOT NULL,
                category_name text,
                status text NOT NULL,
                available_stock bigint NOT NULL,
                version bigint NOT NULL,
                updated_at timestamptz NOT NULL
            )
            """,
            "CREATE INDEX products_by_category ON products (category_slug, sku)",
            "CREATE INDEX products_by_status ON products (status, sku)",
        ]),
        ReadModelTable(name: "products_category_names", ddl: [
            "CREATE TABLE products_category_names (slug text PRIMARY KEY, name text NOT NULL)",
        ]),
        ReadModelTable(name: "products_stock", ddl: [
            "CREATE TABLE products_stock (sku text PRIMARY KEY, on_hand bigint NOT NULL, reserved bigint NOT NULL)",
        ]),
    ]

    public func statements(for event: NexusEvent, recorded: RecordedEvent) -> [PostgresQuery] {
        let at = recorded.recordedAt.epochMilliseconds
        let version = recorded.version
        switch event {
        case .productCreated(let e):
            return [
                """
                INSERT INTO products (sku, name, description, price_minor, currency, category_slug, category_name,
                                      status, available_stock, version, updated_at)
                VALUES (\(e.sku), \(e.name), \(e.description), \(e.price.amountMinor), \(e.price.currency), \(e.categorySlug),
                        (SELECT name FROM products_category_names WHERE slug = \(e.categorySlug)), 'active',
                        coalesce((SELECT on_hand - reserved FROM products_stock WHERE sku = \(e.sku)), 0),
                        \(version), timestamptz 'epoch' + \(at) * interval '1 millisecond')
                """,
            ]
        case .productRenamed(let e):
            return ["UPDATE products SET name = \(e.name), version = \(version), updated_at = timestamptz 'epoch' + \(at) * interval '1 millisecond' WHERE sku = \(e.sku)"]
        case .productDescriptionChanged(let e):
            return ["UPDATE products SET description = \(e.description), version = \(version), updated_at = timestamptz 'epoch' + \(at) * interval '1 millisecond' WHERE sku = \(e.sku)"]
        case .productPriceChanged(let e):
            return [
                """
                UPDATE products SET price_minor = \(e.price.amountMinor), currency = \(e.price.currency), version = \(version),
                       updated_at = timestamptz 'epoch' + \(at) * interval '1 millisecond' WHERE sku = \(e.sku)
                """,
            ]
        case .productRecategorized(let e):
            return [
                """
                UPDATE products SET category_slug = \(e.categorySlug),
                       category_name = (SELECT name FROM products_category_names WHERE slug = \(e.categorySlug)),
                       version = \(version), updated_at = timestamptz 'epoch' + \(at) * interval '1 millisecond' WHERE sku = \(e.sku)
                """,
            ]
        case .productDiscontinued(let e):
            return ["UPDATE products SET status = 'discontinued', version = \(version), updated_at = timestamptz 'epoch' + \(at) * interval '1 millisecond' WHERE sku = \(e.sku)"]
        case .categoryCreated(let e):
            return categoryName(slug: e.slug, name: e.name)
        case .categoryRenamed(let e):
            return categoryName(slug: e.slug, name: e.name)
        default:
            guard let movement = StockMovement(event) else { return [] }
            return [
                """
                WITH level AS (
                    INSERT INTO products_stock (sku, on_hand, reserved) VALUES (\(movement.sku), \(movement.onHand), \(movement.reserved))
                    ON CONFLICT (sku) DO UPDATE SET on_hand = products_stock.on_hand + excluded.on_hand,
                                                    reserved = products_stock.reserved + excluded.reserved
                    RETURNING sku, on_hand - reserved AS available)
                UPDATE products SET available_stock = level.available FROM level WHERE products.sku = level.sku
                """,
            ]
        }
    }

    private func categoryName(slug: String, name: String) -> [PostgresQuery] {
        [
            """
            INSERT INTO products_category_names (slug, name) VALUES (\(slug), \(name))
            ON CONFLICT (slug) DO UPDATE SET name = excluded.name
            """,
            "UPDATE products SET category_name = \(name) WHERE category_slug = \(slug)",
        ]
    }
}
