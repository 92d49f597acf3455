import NexusEvents

/// Products with their category name and available stock.
///
/// Converges whatever the order across streams: the category name is looked up when a product
/// is created or moved and fixed up when a category is created or renamed; stock levels are
/// kept per SKU (`products_stock`) even before the product exists.
///
/// Version 2 serves the catalog as shops read it: `created_at`, a weighted full-text `search`
/// vector (name A, description B) with a GIN index, and a B-tree index behind each sort (price,
/// lower-cased name, creation time; each also within a category), every one ending with the SKU
/// so keyset pages are served straight from the index.
public struct ProductsProjection: Projection {
    public init() {}

    public let name = "products"
    public let version = 2

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
                created_at timestamptz NOT NULL,
                updated_at timestamptz NOT NULL,
                search tsvector NOT NULL GENERATED ALWAYS AS (
                    setweight(to_tsvector('english', name), 'A') || setweight(to_tsvector('english', description), 'B')) STORED
            )
            """,
            "CREATE INDEX products_by_category ON products (category_slug, sku)",
            "CREATE INDEX products_by_status ON products (status, sku)",
            "CREATE INDEX products_by_price ON products (price_minor, sku)",
            "CREATE INDEX products_by_name ON products (lower(name), sku)",
            "CREATE INDEX products_by_created ON products (created_at, sku)",
            "CREATE INDEX products_by_category_price ON products (category_slug, price_minor, sku)",
            "CREATE INDEX products_by_category_name ON products (category_slug, lower(name), sku)",
            "CREATE INDEX products_by_category_created ON products (category_slug, created_at, sku)",
            "CREATE INDEX products_search ON products USING gin (search)",
        ]),
        ReadModelTable(name: "products_category_names", ddl: [
            "CREATE TABLE products_category_names (slug text PRIMARY KEY, name text NOT NULL)",
        ]),
        ReadModelTable(name: "products_stock", ddl: [
            "CREATE TABLE products_stock (sku text PRIMARY KEY, on_hand bigint NOT NULL, reserved bigint NOT NULL)",
        ]),
    ]
}
