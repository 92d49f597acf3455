import Foundation

/// Version 1 of ``StockAdjusted``: the reason was free text. Kept only to read old events;
/// new events are written as version 2 and old ones are upcast on read (``upcast()``).
public struct StockAdjustedV1: EventPayload {
    public static let eventType = "StockAdjusted"
    public static let schemaVersion = 1
    public static let area = EventArea.inventory
    public static let summary = "On-hand stock was corrected by a signed delta with a free-text reason (superseded by v2)."

    /// The SKU.
    public var sku: String
    /// The signed change of on-hand stock.
    public var delta: Int
    /// Free-text reason.
    public var reason: String

    /// Creates the payload.
    public init(sku: String, delta: Int, reason: String) {
        self.sku = sku
        self.delta = delta
        self.reason = reason
    }

    public var streamName: String { Streams.inventory(sku) }

    public static var sample: Self { Self(sku: SampleValues.sku, delta: 3, reason: "found behind a shelf") }

    /// The v2 form: a reason text equal to a reason code (any case) becomes that code with no note;
    /// any other text becomes reason `other` with the text kept as the note. Nothing is lost.
    public func upcast() -> StockAdjusted {
        let trimmed = reason.trimmingCharacters(in: .whitespaces).lowercased()
        if let code = AdjustmentReason(rawValue: trimmed) {
            return StockAdjusted(sku: sku, delta: delta, reason: code, note: nil)
        }
        return StockAdjusted(sku: sku, delta: delta, reason: .other, note: reason)
    }
}
