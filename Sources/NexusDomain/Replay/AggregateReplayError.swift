/// Why a stream's state cannot be replayed.
public struct AggregateReplayError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong.
    public enum Code: String, Sendable, Equatable {
        /// The stream's category has no aggregate (see ``AggregateReplay/categories``).
        case noAggregate = "no-aggregate"
    }

    public var code: Code
    /// The stream category asked for.
    public var category: String

    public var description: String { "no aggregate for stream category '\(category)'" }
}
