/// A category got a new display name.
public struct CategoryRenamed: EventPayload {
    public static let eventType = "CategoryRenamed"
    public static let schemaVersion = 1
    public static let area = EventArea.catalog
    public static let summary = "A category got a new display name."

    /// The category slug.
    public var slug: String
    /// The new display name.
    public var name: String

    /// Creates the payload.
    public init(slug: String, name: String) {
        self.slug = slug
        self.name = name
    }

    public var streamName: String { Streams.category(slug) }

    public static var sample: Self {
        Self(
            slug: SampleValues.slug, name: "Kitchen and dining")
    }
}
