/// A single resource the read cache may keep: one product, one SKU's stock, the category list.
public enum ReadCacheKey: Hashable, Sendable {
    case product(String)
    case stock(String)
    case categories

    /// The resource kind, the `resource` label of the cache's metrics.
    public var resource: String {
        switch self {
        case .product: "product"
        case .stock: "stock"
        case .categories: "categories"
        }
    }
}
