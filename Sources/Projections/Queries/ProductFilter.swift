/// Which products a list holds. Every condition is optional; given ones must all hold.
public struct ProductFilter: Sendable, Hashable, Codable {
    /// Only products of this category slug.
    public var category: String?
    /// Only products with this status (`active`, `discontinued`).
    public var status: String?
    /// Only products whose name or description match this web-search text
    /// (`websearch_to_tsquery('english', …)`: words, `"quoted phrases"`, `or`, `-excluded`).
    public var text: String?
    /// Only products costing at least this many minor units.
    public var minPrice: Int64?
    /// Only products costing at most this many minor units.
    public var maxPrice: Int64?
    /// Only products with available stock (`true`) or without (`false`).
    public var inStock: Bool?

    public init(
        category: String? = nil, status: String? = nil, text: String? = nil, minPrice: Int64? = nil, maxPrice: Int64? = nil,
        inStock: Bool? = nil
    ) {
        self.category = category
        self.status = status
        self.text = text
        self.minPrice = minPrice
        self.maxPrice = maxPrice
        self.inStock = inStock
    }
}
