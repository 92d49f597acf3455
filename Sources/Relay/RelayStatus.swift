/// What the relay is doing, for `/ready` and operators.
public struct RelayStatus: Sendable, Hashable {
    /// The relay's role.
    public enum Role: String, Sendable, Hashable {
        /// Not running.
        case stopped
        /// Waiting for the publisher lock held by another instance.
        case standby
        /// Holding the lock and publishing.
        case active
    }

    /// The current role.
    public var role: Role = .stopped
    /// Global position up to which every event is acknowledged by the broker.
    public var checkpoint: Int64 = 0
    /// Highest global position known in the store.
    public var headPosition: Int64 = 0
    /// The most recent publish failure, cleared by the next success.
    public var lastError: String?

    /// Positions recorded but not yet acknowledged (`headPosition - checkpoint`, never negative).
    /// Positions may have gaps, so this is an upper bound on the number of events.
    public var lag: Int64 { max(0, headPosition - checkpoint) }

    /// Creates a status.
    public init(role: Role = .stopped, checkpoint: Int64 = 0, headPosition: Int64 = 0, lastError: String? = nil) {
        self.role = role
        self.checkpoint = checkpoint
        self.headPosition = headPosition
        self.lastError = lastError
    }
}
