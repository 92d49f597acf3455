/// A product was added to the catalog with its price and category.
public struct ProductCreated: EventPayload {
    public static let eventType = "ProductCreated"
    public static let schemaVersion = 1
    public static let area = EventArea.catalog
    public static let summary = "A product was added to the catalog with its price and category."

    /// The unique stock keeping unit.
    public var sku: String
    /// The product name.
    public var name: String
    /// The product description.
    public var description: String
    /// The list price.
    public var price: Money
    /// The category slug.
    public var categorySlug: String

    /// Creates the payload.
    public init(sku: String, name: String, description: String, price: Money, categorySlug: String) {
        self.sku = sku
        self.name = name
        self.description = description
        self.price = price
        self.categorySlug = categorySlug
    }

    public var streamName: String { Streams.product(sku) }

    public static var sample: Self {
        Self(
            sku: SampleValues.sku, name: "Chef knife", description: "20 cm, stainless steel",
            price: SampleValues.price, categorySlug: SampleValues.slug)
    }
}
