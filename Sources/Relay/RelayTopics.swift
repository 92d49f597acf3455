import NexusEvents

/// Maps streams to their area's topic: category `product` → `<prefix>catalog`, etc.
public struct RelayTopics: Sendable {
    /// The area of each stream category: user/useremail/roster → users, category/product → catalog,
    /// inventory → inventory, order → orders. Other categories are their own area.
    public static let areas: [String: String] = [
        "user": "users",
        "useremail": "users",
        "roster": "users",
        "category": "catalog",
        "product": "catalog",
        "inventory": "inventory",
        "order": "orders",
    ]

    /// The topic prefix, e.g. `nexus.`.
    public var prefix: String

    /// Creates a mapping with `prefix`.
    public init(prefix: String) {
        self.prefix = prefix
    }

    /// The area of a stream category.
    public static func area(ofCategory category: String) -> String {
        areas[category] ?? category
    }

    /// The topic of a stream category's events.
    public func topic(ofCategory category: String) -> String {
        prefix + Self.area(ofCategory: category)
    }

    /// The topics that carry events of `eventTypes`: a consumer needs no other (a projection
    /// subscribed to every topic would fetch and drop every other area's messages). Each event
    /// type's topic is its payload's area, which is also the area of the streams it is appended
    /// to (checked for every type by `RelayContractTests`).
    public func topics(carrying eventTypes: Set<String>) -> [String] {
        Set(EventContract.payloadTypes.filter { eventTypes.contains($0.eventType) }.map { prefix + $0.area.rawValue }).sorted()
    }

    /// Every topic of the known areas (to create them up front).
    public var allTopics: [String] {
        Set(Self.areas.values).sorted().map { prefix + $0 }
    }
}
