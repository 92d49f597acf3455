import Foundation
import NIOPosix

/// Resolves a webhook target's host to its addresses. The system resolver runs `getaddrinfo`
/// (a blocking call that can wait seconds for DNS) on NIO's thread pool, never on the
/// cooperative pool; tests inject answers.
struct WebhookResolver: Sendable {
    /// The addresses `host` resolves to (empty when it does not).
    let resolve: @Sendable (String) async -> [IPAddress]

    /// The operating system's resolver.
    static let system = WebhookResolver { host in
        (try? await NIOThreadPool.singleton.runIfActive { Self.addresses(of: host) }) ?? []
    }

    /// `getaddrinfo`'s addresses of `host`, blocking.
    private static func addresses(of host: String) -> [IPAddress] {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var result: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, nil, &hints, &result) == 0, let first = result else { return [] }
        defer { freeaddrinfo(first) }
        var addresses: [IPAddress] = []
        var next: UnsafeMutablePointer<addrinfo>? = first
        while let info = next {
            if let address = IPAddress(info.pointee.ai_addr) { addresses.append(address) }
            next = info.pointee.ai_next
        }
        return addresses
    }
}
