/// A category, folded from its `category-<slug>` stream.
public struct CategoryState: Sendable, Equatable {
    /// The slug, once created.
    public var slug: String?
    /// The display name.
    public var name = ""
    /// The parent slug, if any.
    public var parentSlug: String?

    /// Whether the category exists.
    public var exists: Bool { slug != nil }

    /// A category that does not exist.
    public init() {}
}
