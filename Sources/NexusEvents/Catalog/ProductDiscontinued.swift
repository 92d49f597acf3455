public import Foundation

/// A product was discontinued; it can no longer be ordered.
public struct ProductDiscontinued: EventPayload {
    public static let eventType = "ProductDiscontinued"
    public static let schemaVersion = 1
    public static let area = EventArea.catalog
    public static let summary = "A product was discontinued; it can no longer be ordered."

    /// The product SKU.
    public var sku: String
    /// When it was discontinued.
    public var discontinuedAt: Date

    /// Creates the payload.
    public init(sku: String, discontinuedAt: Date) {
        self.sku = sku
        self.discontinuedAt = discontinuedAt
    }

    public var streamName: String { Streams.product(sku) }

    public static var sample: Self {
        Self(
            sku: SampleValues.sku, discontinuedAt: SampleValues.time)
    }
}
