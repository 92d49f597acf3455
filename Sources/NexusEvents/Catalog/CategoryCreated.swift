/// A product category was created, optionally below a parent category.
public struct CategoryCreated: EventPayload {
    public static let eventType = "CategoryCreated"
    public static let schemaVersion = 1
    public static let area = EventArea.catalog
    public static let summary = "A product category was created, optionally below a parent category."

    /// The URL-safe identifier.
    public var slug: String
    /// The display name.
    public var name: String
    /// The parent category slug, if any.
    public var parentSlug: String?

    /// Creates the payload.
    public init(slug: String, name: String, parentSlug: String?) {
        self.slug = slug
        self.name = name
        self.parentSlug = parentSlug
    }

    public var streamName: String { Streams.category(slug) }

    public static var sample: Self {
        Self(
            slug: SampleValues.slug, name: "Kitchen", parentSlug: "home")
    }
}
