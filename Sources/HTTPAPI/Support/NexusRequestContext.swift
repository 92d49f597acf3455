public import Hummingbird
public import NIOCore

/// The request context of the Nexus API: the authenticated principal, if any, and the client address.
/// WebSocket upgrades go through the same router and middleware (see `WebSocketUpgrades`).
public struct NexusRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The caller, once ``AuthMiddleware`` verified a bearer token.
    public var principal: Principal?
    /// The peer address (used as the rate-limit key for anonymous callers).
    public let remoteAddress: SocketAddress?
    /// For a command request with an `Idempotency-Key`: its ``RequestFingerprinter`` fingerprint.
    var requestFingerprint: String?
    /// The handler of an accepted WebSocket upgrade (set by the route that accepts it).
    let webSocketUpgrade = WebSocketUpgradeSlot()
    /// The connection, closed outright when a WebSocket client stops taking writes.
    let channel: any Channel

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
        channel = source.channel
    }
}
