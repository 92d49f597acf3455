/// The list price of a product changed.
public struct ProductPriceChanged: EventPayload {
    public static let eventType = "ProductPriceChanged"
    public static let schemaVersion = 1
    public static let area = EventArea.catalog
    public static let summary = "The list price of a product changed."

    /// The product SKU.
    public var sku: String
    /// The new list price.
    public var price: Money

    /// Creates the payload.
    public init(sku: String, price: Money) {
        self.sku = sku
        self.price = price
    }

    public var streamName: String { Streams.product(sku) }

    public static var sample: Self {
        Self(
            sku: SampleValues.sku, price: Money(amountMinor: 2499, currency: "EUR"))
    }
}
