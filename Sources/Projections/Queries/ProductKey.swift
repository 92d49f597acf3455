/// Where a product list page ended: the last product's sort value and its SKU (the tie-breaker).
public struct ProductKey: Sendable, Hashable {
    /// A product's value under a ``ProductSort``.
    public enum Value: Sendable, Hashable {
        /// Sorting by SKU: the SKU alone is the key.
        case none
        /// The price in minor units, or the creation time in microseconds since 1970.
        case integer(Int64)
        /// The lower-cased name.
        case text(String)
        /// The search rank (`ts_rank`, a PostgreSQL `real`), compared exactly.
        case rank(Float)
    }

    public var value: Value
    public var sku: String

    /// The creation times a key may hold, in microseconds since 1970 (1970 to the end of 9999).
    public static let creationTimes: ClosedRange<Int64> = Microseconds.range

    public init(value: Value, sku: String) {
        self.value = value
        self.sku = sku
    }
}

/// A page of products and where the next page starts (`nil` on the last page).
public struct ProductPage: Sendable, Hashable {
    public var items: [ProductView]
    public var next: ProductKey?
}
