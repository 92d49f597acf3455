public import Foundation
public import NexusEvents

/// What can be asked of a product.
public enum ProductCommand: Sendable, Equatable {
    /// Add a product to an existing category.
    case create(sku: String, name: String, description: String, price: Money, categorySlug: String)
    /// Change any of name, description, price and category (`nil` = unchanged).
    case update(ProductChanges)
    /// Take it off sale.
    case discontinue(at: Date)
}

/// A partial update of a product.
public struct ProductChanges: Sendable, Equatable {
    /// A new name.
    public var name: String?
    /// A new description.
    public var description: String?
    /// A new price.
    public var price: Money?
    /// A new category slug (the category must exist).
    public var categorySlug: String?

    /// Creates a change set.
    public init(name: String? = nil, description: String? = nil, price: Money? = nil, categorySlug: String? = nil) {
        self.name = name
        self.description = description
        self.price = price
        self.categorySlug = categorySlug
    }

    /// Whether nothing is asked.
    public var isEmpty: Bool { name == nil && description == nil && price == nil && categorySlug == nil }
}
