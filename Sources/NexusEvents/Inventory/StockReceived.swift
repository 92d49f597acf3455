/// Goods arrived: on-hand stock grew.
public struct StockReceived: EventPayload {
    public static let eventType = "StockReceived"
    public static let schemaVersion = 1
    public static let area = EventArea.inventory
    public static let summary = "Goods arrived: on-hand stock grew."

    /// The SKU.
    public var sku: String
    /// Units received (> 0).
    public var quantity: Int

    /// Creates the payload.
    public init(sku: String, quantity: Int) {
        self.sku = sku
        self.quantity = quantity
    }

    public var streamName: String { Streams.inventory(sku) }

    public static var sample: Self {
        Self(
            sku: SampleValues.sku, quantity: 25)
    }
}
