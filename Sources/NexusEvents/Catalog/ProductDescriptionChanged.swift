/// A product got a new description.
public struct ProductDescriptionChanged: EventPayload {
    public static let eventType = "ProductDescriptionChanged"
    public static let schemaVersion = 1
    public static let area = EventArea.catalog
    public static let summary = "A product got a new description."

    /// The product SKU.
    public var sku: String
    /// The new description.
    public var description: String

    /// Creates the payload.
    public init(sku: String, description: String) {
        self.sku = sku
        self.description = description
    }

    public var streamName: String { Streams.product(sku) }

    public static var sample: Self {
        Self(
            sku: SampleValues.sku, description: "Forged stainless steel")
    }
}
