public import Foundation

/// Which URLs may receive webhooks: http(s) URLs of bounded length whose host is configured as
/// allowed and, at delivery, resolves only to public addresses (private, loopback and
/// link-local ones only when explicitly allowed).
public struct WebhookTargetPolicy: Sendable {
    /// Host names (lowercased) that may be targets (`NEXUS_WEBHOOK_ALLOWED_HOSTS`). Default none.
    public var allowedHosts: Set<String>
    /// Whether targets may resolve to private, loopback or link-local addresses
    /// (`NEXUS_WEBHOOK_ALLOW_PRIVATE_ADDRESSES`). Default false.
    public var allowsPrivateAddresses: Bool
    /// How hosts are resolved at delivery (the operating system's resolver; tests inject one).
    var resolver = WebhookResolver.system

    /// Creates a policy; the defaults allow no target.
    public init(allowedHosts: Set<String> = [], allowsPrivateAddresses: Bool = false) {
        self.allowedHosts = Set(allowedHosts.map { $0.lowercased() })
        self.allowsPrivateAddresses = allowsPrivateAddresses
    }

    /// Checks a URL's form and host (no name resolution).
    /// - Throws: ``WebhookError`` `invalidURL` or `hostNotAllowed`.
    public func check(_ text: String) throws(WebhookError) -> URL {
        guard text.utf8.count <= WebhookLimits.maximumURLBytes, !text.unicodeScalars.contains(where: { $0.value < 0x21 || $0.value == 0x7F }),
              let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
              scheme == "https" || scheme == "http", components.user == nil, components.password == nil, components.fragment == nil,
              let host = components.host, !host.isEmpty, let url = components.url
        else {
            throw WebhookError(.invalidURL, "a webhook URL is an absolute http(s) URL of at most \(WebhookLimits.maximumURLBytes) bytes, without credentials")
        }
        guard allowedHosts.contains(host.lowercased()) else {
            throw WebhookError(.hostNotAllowed, "the host \(host.prefix(255)) is not an allowed webhook target")
        }
        return url
    }

    /// Checks `text` and resolves its host: every address must be public unless private ones are
    /// allowed. The target pins the first address, which the delivery connects to.
    public func checkForDelivery(_ text: String) async throws(WebhookError) -> WebhookTarget {
        let url = try check(text)
        let named = url.host ?? ""
        let host = named.hasPrefix("[") ? String(named.dropFirst().dropLast()) : named
        let addresses = await resolver.resolve(host.lowercased())
        guard let first = addresses.first else { throw WebhookError(.deliveryFailed, "the host \(host) does not resolve") }
        if !allowsPrivateAddresses, let address = addresses.first(where: { !$0.isPublic }) {
            throw WebhookError(.hostNotAllowed, "the host \(host) resolves to the non-public address \(address)")
        }
        return WebhookTarget(url: url, host: host, address: first)
    }
}
