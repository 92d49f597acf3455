public import Foundation

/// An event to append: its id, type, schema version, JSON object payload and metadata.
public struct EventData: Hashable, Sendable {
    /// The longest payload accepted, in bytes of JSON.
    public static let maximumDataSize = 64 * 1024
    /// The longest event type name accepted.
    public static let maximumTypeLength = 100

    /// Unique id of the event; the dedupe key downstream (`ce_id`). Time-ordered by default (``Foundation/UUID/timeOrdered(at:)``).
    public var id: UUID
    /// The event type, e.g. `StockReserved`.
    public var type: String
    /// The schema version of the payload, ≥ 1.
    public var schemaVersion: Int
    /// The payload: the UTF-8 bytes of a JSON object.
    public var data: Data
    /// Correlation, causation, actor.
    public var metadata: EventMetadata

    public init(id: UUID = .timeOrdered(), type: String, schemaVersion: Int = 1, data: Data, metadata: EventMetadata = EventMetadata()) {
        self.id = id
        self.type = type
        self.schemaVersion = schemaVersion
        self.data = data
        self.metadata = metadata
    }
}
