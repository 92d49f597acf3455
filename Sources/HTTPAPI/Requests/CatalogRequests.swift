import NexusEvents

/// `POST /categories`.
struct CreateCategoryRequest: Codable, Sendable {
    var slug: String
    var name: String
    var parentSlug: String?
}

/// `PATCH /categories/{slug}`.
struct RenameCategoryRequest: Codable, Sendable {
    var name: String
}

/// `POST /products`.
struct CreateProductRequest: Codable, Sendable {
    var sku: String
    var name: String
    var description: String
    var price: Money
    var categorySlug: String
}

/// `PATCH /products/{sku}`: any subset of the fields.
struct UpdateProductRequest: Codable, Sendable {
    var name: String?
    var description: String?
    var price: Money?
    var categorySlug: String?
}
