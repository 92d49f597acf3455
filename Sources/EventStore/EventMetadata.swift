public import Foundation

/// Who and what caused an event. Stored beside the event data, covered by its hash.
public struct EventMetadata: Hashable, Sendable, Codable {
    /// Groups every event caused by one original request.
    public var correlationId: UUID?
    /// The event or command that directly caused this one.
    public var causationId: UUID?
    /// Who acted: a user id, `system`, or a tool name.
    public var actor: String?
    /// The idempotency key of the append that recorded the event, if any.
    public var idempotencyKey: String?

    public init(correlationId: UUID? = nil, causationId: UUID? = nil, actor: String? = nil, idempotencyKey: String? = nil) {
        self.correlationId = correlationId
        self.causationId = causationId
        self.actor = actor
        self.idempotencyKey = idempotencyKey
    }
}
