/// Tunables of the live event feed (`GET /events/live`).
public struct LiveFeedConfiguration: Sendable {
    /// Feed connections open at once on this server, whoever holds them (default 100; then 429).
    public var maxConnections = 100
    /// Feed connections one user may hold at once (default 4; then 429).
    public var maxConnectionsPerUser = 4
    /// How often an idle connection checks the log for new events (default 250 ms).
    public var pollInterval: Duration = .milliseconds(250)
    /// After this long without an event, a comment line keeps the connection (and proxies) awake
    /// (default 15 s).
    public var heartbeatInterval: Duration = .seconds(15)
    /// The most events read from the log per round, and so held per connection (default 100).
    public var batchSize = 100
    /// A connection whose client has not taken a write within this long is closed (a slow or
    /// stalled consumer): the server keeps no more than one batch per connection (default 10 s).
    public var sendTimeout: Duration = .seconds(10)

    /// The defaults.
    public init() {}
}
