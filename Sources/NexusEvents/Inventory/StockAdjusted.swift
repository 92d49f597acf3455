/// On-hand stock was corrected by a signed delta, with a reason code and an optional note.
public struct StockAdjusted: EventPayload {
    public static let eventType = "StockAdjusted"
    public static let schemaVersion = 2
    public static let area = EventArea.inventory
    public static let summary = "On-hand stock was corrected by a signed delta, with a reason code and an optional note."

    /// The SKU.
    public var sku: String
    /// The signed change of on-hand stock (never 0).
    public var delta: Int
    /// Why stock changed.
    public var reason: AdjustmentReason
    /// Free text, if any.
    public var note: String?

    /// Creates the payload.
    public init(sku: String, delta: Int, reason: AdjustmentReason, note: String?) {
        self.sku = sku
        self.delta = delta
        self.reason = reason
        self.note = note
    }

    public var streamName: String { Streams.inventory(sku) }

    public static var sample: Self {
        Self(
            sku: SampleValues.sku, delta: -2, reason: .damaged, note: "dropped by the forklift")
    }
}
