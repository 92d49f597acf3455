/// A product moved to another category.
public struct ProductRecategorized: EventPayload {
    public static let eventType = "ProductRecategorized"
    public static let schemaVersion = 1
    public static let area = EventArea.catalog
    public static let summary = "A product moved to another category."

    /// The product SKU.
    public var sku: String
    /// The new category slug.
    public var categorySlug: String

    /// Creates the payload.
    public init(sku: String, categorySlug: String) {
        self.sku = sku
        self.categorySlug = categorySlug
    }

    public var streamName: String { Streams.product(sku) }

    public static var sample: Self {
        Self(
            sku: SampleValues.sku, categorySlug: "cutlery")
    }
}
