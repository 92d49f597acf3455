public import Foundation

/// A webhook URL checked for a delivery, with the address its host resolved to at the check.
/// The delivery connects to that address instead of resolving the host again, so a DNS answer
/// that changes after the check (rebinding: public to the check, private to the connection)
/// cannot send it elsewhere; the `Host` header, TLS SNI and certificate checks keep the name.
public struct WebhookTarget: Sendable {
    /// The URL as registered.
    public let url: URL
    /// The host as the URL names it (an IPv6 literal without its brackets).
    let host: String
    /// The checked address the delivery connects to.
    let address: IPAddress
}
