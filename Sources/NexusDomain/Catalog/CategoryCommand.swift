/// What can be asked of a category.
public enum CategoryCommand: Sendable, Equatable {
    /// Create a category, optionally below an existing parent.
    case create(slug: String, name: String, parentSlug: String?)
    /// Give it a new display name.
    case rename(name: String)
}
