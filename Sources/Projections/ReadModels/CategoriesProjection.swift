public import EventStore
public import NexusEvents
public import PostgresNIO

/// Categories with their number of active products.
///
/// Products may arrive before their category: each product's category and activity is kept in
/// `categories_products`, and the count of every category the product leaves or joins is
/// recomputed from it.
public struct CategoriesProjection: Projection {
    public init() {}

    public let name = "categories"
    public let version = 1

    public let handledEventTypes: Set<String> = [
        CategoryCreated.eventType, CategoryRenamed.eventType, ProductCreated.eventType,
        ProductRecategorized.eventType, ProductDiscontinued.eventType,
    ]

    public let tables = [
        ReadModelTable(name: "categories", ddl: [
            """
            CREATE TABLE categories (
                slug text PRIMARY KEY,
                name text NOT NULL,
                parent_slug text,
                active_product_count bigint NOT NULL,
                version bigint NOT NULL,
                updated_at timestamptz NOT NULL
            )
            """,
        ]),
        ReadModelTable(name: "categories_products", ddl: [
            "CREATE TABLE categories_products (sku text PRIMARY KEY, slug text NOT NULL, previous_slug text, active boolean NOT NULL)",
            "CREATE INDEX categories_products_active ON categories_products (slug) WHERE active",
        ]),
    ]

    public func statements(for event: NexusEvent, recorded: RecordedEvent) -> [PostgresQuery] {
        let at = recorded.recordedAt.epochMilliseconds
        let version = recorded.version
        switch event {
        case .categoryCreated(let e):
            return [
                """
                INSERT INTO categories (slug, name, parent_slug, active_product_count, version, updated_at)
                VALUES (\(e.slug), \(e.name), \(e.parentSlug),
                        (SELECT count(*) FROM categories_products WHERE slug = \(e.slug) AND active),
                        \(version), timestamptz 'epoch' + \(at) * interval '1 millisecond')
                """,
            ]
        case .categoryRenamed(let e):
            return ["UPDATE categories SET name = \(e.name), version = \(version), updated_at = timestamptz 'epoch' + \(at) * interval '1 millisecond' WHERE slug = \(e.slug)"]
        case .productCreated(let e):
            return [
                "INSERT INTO categories_products (sku, slug, previous_slug, active) VALUES (\(e.sku), \(e.categorySlug), NULL, true)",
                recount(sku: e.sku),
            ]
        case .productRecategorized(let e):
            return [
                "UPDATE categories_products SET previous_slug = slug, slug = \(e.categorySlug) WHERE sku = \(e.sku)",
                recount(sku: e.sku),
            ]
        case .productDiscontinued(let e):
            return [
                "UPDATE categories_products SET previous_slug = slug, active = false WHERE sku = \(e.sku)",
                recount(sku: e.sku),
            ]
        default:
            return []
        }
    }

    /// Recounts the categories the product is in and was in before its last change.
    private func recount(sku: String) -> PostgresQuery {
        """
        UPDATE categories c
           SET active_product_count = (SELECT count(*) FROM categories_products p WHERE p.slug = c.slug AND p.active)
         WHERE c.slug IN (SELECT slug FROM categories_products WHERE sku = \(sku)
                          UNION SELECT previous_slug FROM categories_products WHERE sku = \(sku))
        """
    }
}
