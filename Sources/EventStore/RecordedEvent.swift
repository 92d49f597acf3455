public import Foundation

/// An event as the store recorded it.
public struct RecordedEvent: Hashable, Sendable {
    /// Unique id of the event.
    public var id: UUID
    /// The stream it belongs to.
    public var stream: StreamName
    /// Its version within the stream: 1, 2, 3… with no holes.
    public var version: Int64
    /// Its position in the global log. Positions grow in commit order; they may have gaps.
    public var position: Int64
    /// The event type, e.g. `StockReserved`.
    public var type: String
    /// The schema version of `data`.
    public var schemaVersion: Int
    /// The payload, a JSON object (as the store returns it; PostgreSQL normalises whitespace and key order).
    public var data: Data
    /// Correlation, causation, actor, idempotency key.
    public var metadata: EventMetadata
    /// When the store recorded the event (UTC).
    public var recordedAt: Date
    /// Hex SHA-256 over the event's content and the previous hash of its stream; `nil` for
    /// stores that keep no hash chain (the in-memory store).
    public var hash: String?

    public init(
        id: UUID, stream: StreamName, version: Int64, position: Int64, type: String, schemaVersion: Int,
        data: Data, metadata: EventMetadata, recordedAt: Date, hash: String?
    ) {
        self.id = id
        self.stream = stream
        self.version = version
        self.position = position
        self.type = type
        self.schemaVersion = schemaVersion
        self.data = data
        self.metadata = metadata
        self.recordedAt = recordedAt
        self.hash = hash
    }
}
