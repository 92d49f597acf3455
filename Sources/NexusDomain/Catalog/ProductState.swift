public import NexusEvents

/// A product, folded from its `product-<SKU>` stream.
public struct ProductState: Sendable, Equatable {
    /// The SKU, once created.
    public var sku: String?
    /// The name.
    public var name = ""
    /// The description.
    public var description = ""
    /// The list price.
    public var price = Money(amountMinor: 0, currency: "")
    /// The category slug.
    public var categorySlug = ""
    /// Whether it was discontinued.
    public var isDiscontinued = false

    /// Whether the product exists.
    public var exists: Bool { sku != nil }

    /// A product that does not exist.
    public init() {}
}
