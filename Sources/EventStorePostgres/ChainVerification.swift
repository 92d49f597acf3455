/// The outcome of walking the hash chains.
public struct ChainVerification: Sendable, Hashable {
    /// An event whose stored hash does not match its content and its predecessor.
    public struct BrokenLink: Sendable, Hashable {
        public var position: Int64
        public var stream: String
        public var version: Int64
        /// Why the link is broken, for people.
        public var reason: String
    }

    /// How many events were checked.
    public var eventsChecked: Int64
    /// The first broken link in global order, `nil` when every chain is intact.
    public var firstBrokenLink: BrokenLink?

    /// Whether every chain checked is intact.
    public var isIntact: Bool { firstBrokenLink == nil }
}
