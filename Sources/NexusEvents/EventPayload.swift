/// The Kafka topic area an event belongs to (`nexus.<area>`).
public enum EventArea: String, Sendable, CaseIterable, Codable {
    case users
    case catalog
    case inventory
    case orders

    /// The default topic name for the area, e.g. `nexus.orders`.
    public var topic: String { "nexus.\(rawValue)" }
}

/// A versioned event payload: the JSON stored in the event store and published to Kafka.
///
/// Payloads carry the identity of the entity they belong to, so every payload knows its stream.
public protocol EventPayload: Codable, Sendable, Equatable {
    /// The event type name stored with the event, e.g. `OrderPlaced`.
    static var eventType: String { get }
    /// The schema version of this payload shape.
    static var schemaVersion: Int { get }
    /// The topic area of the event.
    static var area: EventArea { get }
    /// A one-line description, used in the generated contract.
    static var summary: String { get }
    /// A valid example, written to `events/samples/`.
    static var sample: Self { get }
    /// The stream the event is appended to.
    var streamName: String { get }
    /// The fields holding personal data about the person named by the payload's `userId`
    /// (default none): stored and published sealed (``PersonalDataEnvelope``), erasable by
    /// destroying that person's key; marked `x-personal-data` in the contract.
    static var personalFields: [String] { get }
    /// Fields of legacy versions that held a secret (default none): removed on every way out of
    /// the store (relay, history, export, replay, projections).
    static var secretFields: [String] { get }
}

extension EventPayload {
    public static var personalFields: [String] { [] }
    public static var secretFields: [String] { [] }
}

extension EventPayload {
    /// The CloudEvents `type` attribute: `nexus.<area>.<EventType>.v<N>`.
    public static var cloudEventType: String {
        EventTypeKey(eventType: eventType, schemaVersion: schemaVersion).cloudEventType(area: area)
    }

    /// The (type, version) key of this payload.
    public static var typeKey: EventTypeKey {
        EventTypeKey(eventType: eventType, schemaVersion: schemaVersion)
    }
}

/// An event type name plus schema version: what the store keeps beside the JSON bytes.
public struct EventTypeKey: Hashable, Sendable, CustomStringConvertible {
    /// The event type name, e.g. `StockAdjusted`.
    public var eventType: String
    /// The schema version, starting at 1.
    public var schemaVersion: Int

    /// Creates a key.
    public init(eventType: String, schemaVersion: Int) {
        self.eventType = eventType
        self.schemaVersion = schemaVersion
    }

    /// `<Type>.v<N>`, the contract file stem.
    public var description: String { "\(eventType).v\(schemaVersion)" }

    /// The CloudEvents type for this key in the given area.
    public func cloudEventType(area: EventArea) -> String {
        CloudEvents.type(area: area.rawValue, eventType: eventType, schemaVersion: schemaVersion)
    }
}
