public import Foundation

/// One stream as a listing shows it: its name, current version and last change.
public struct StreamSummary: Sendable, Hashable {
    /// The stream's name (`product-SKU1`).
    public var stream: String
    /// Its current version (its number of events).
    public var version: Int64
    /// The global position of its last event.
    public var lastPosition: Int64
    /// When its last event was recorded.
    public var lastRecordedAt: Date
}
