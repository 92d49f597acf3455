/// A product got a new name.
public struct ProductRenamed: EventPayload {
    public static let eventType = "ProductRenamed"
    public static let schemaVersion = 1
    public static let area = EventArea.catalog
    public static let summary = "A product got a new name."

    /// The product SKU.
    public var sku: String
    /// The new name.
    public var name: String

    /// Creates the payload.
    public init(sku: String, name: String) {
        self.sku = sku
        self.name = name
    }

    public var streamName: String { Streams.product(sku) }

    public static var sample: Self {
        Self(
            sku: SampleValues.sku, name: "Chef knife, 20 cm")
    }
}
