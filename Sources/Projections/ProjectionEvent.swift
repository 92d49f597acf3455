public import EventStore
public import NexusEvents

/// A decoded event handed to a projection, with the recorded facts the read models keep.
public struct ProjectionEvent: Sendable {
    /// The decoded payload.
    public var event: NexusEvent
    /// The stored event it was decoded from.
    public var recorded: RecordedEvent

    public init(event: NexusEvent, recorded: RecordedEvent) {
        self.event = event
        self.recorded = recorded
    }

    /// The event's version within its stream.
    public var version: Int64 { recorded.version }

    /// The recorded time in milliseconds since 1970 (read models store it at this precision,
    /// as `timestamptz 'epoch' + at * interval '1 millisecond'`).
    public var at: Int64 { recorded.recordedAt.epochMilliseconds }
}
