public import Foundation

/// A registered webhook, without its secret.
public struct Webhook: Codable, Sendable, Hashable {
    /// Its id.
    public var id: UUID
    /// Where deliveries are POSTed.
    public var url: String
    /// The event types delivered (e.g. `OrderPlaced`).
    public var eventTypes: [String]
    /// Whether new events are delivered.
    public var enabled: Bool
    /// When it was registered.
    public var createdAt: Date

    /// Creates a value.
    public init(id: UUID, url: String, eventTypes: [String], enabled: Bool, createdAt: Date) {
        self.id = id
        self.url = url
        self.eventTypes = eventTypes
        self.enabled = enabled
        self.createdAt = createdAt
    }
}
