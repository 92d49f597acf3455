import NexusEvents

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
}
