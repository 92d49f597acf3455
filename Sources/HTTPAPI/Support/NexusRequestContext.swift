public import Hummingbird
public import NIOCore

/// The request context of the Nexus API: the authenticated principal, if any, and the client address.
public struct NexusRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The caller, once ``AuthMiddleware`` verified a bearer token.
    public var principal: Principal?
    /// The peer address (used as the rate-limit key for anonymous callers).
    public let remoteAddress: SocketAddress?
    /// For a command request with an `Idempotency-Key`: its ``RequestFingerprinter`` fingerprint.
    var requestFingerprint: String?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }
}
