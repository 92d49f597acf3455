import NexusEvents

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
}
