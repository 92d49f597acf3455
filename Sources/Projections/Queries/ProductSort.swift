/// The orders a product list can be read in. Every order ends with the SKU, so it is total and
/// keyset pagination through it visits each product once.
public struct ProductSort: Sendable, Hashable {
    /// What products are ordered by.
    public enum Key: String, Sendable, CaseIterable {
        /// The SKU alone.
        case sku
        /// The price in minor units (whatever the currency).
        case price
        /// The name, case-insensitively (`lower(name)`).
        case name
        /// When the product was created.
        case created
        /// How well the product matches the text search, best first (only with a search).
        case relevance
    }

    public var key: Key
    /// Largest first.
    public var descending: Bool

    public init(_ key: Key, descending: Bool = false) {
        self.key = key
        self.descending = descending
    }

    /// The name of this order in URLs: the key, prefixed with `-` when descending
    /// (`price`, `-price`); relevance is always best first and named `relevance`.
    public var name: String { descending && key != .relevance ? "-" + key.rawValue : key.rawValue }

    /// Every order there is, by ``name``.
    public static let all: [ProductSort] = Key.allCases.flatMap { key in
        key == .relevance ? [ProductSort(key, descending: true)] : [ProductSort(key), ProductSort(key, descending: true)]
    }

    /// The order called `name`, if there is one.
    public init?(name: String) {
        guard let sort = Self.all.first(where: { $0.name == name }) else { return nil }
        self = sort
    }
}
