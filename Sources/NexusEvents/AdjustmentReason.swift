/// Why stock was corrected by hand (``StockAdjusted`` v2).
public enum AdjustmentReason: String, Codable, Sendable, CaseIterable, SchemaEnumeration {
    case damaged
    case lost
    case found
    case returned
    case correction
    case other
}
