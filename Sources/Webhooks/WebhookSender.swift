import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Sends deliveries: no redirects followed, bounded time and response size, and each delivery
/// connected to the address its target was checked at (``WebhookTarget``).
public struct WebhookSender: Sendable {
    let configuration: WebhookConfiguration

    /// A sender with `configuration`'s timeout and response limit.
    public init(configuration: WebhookConfiguration) {
        self.configuration = configuration
    }

    /// POSTs `body` to `target` with `headers`; answers the status. Reads at most the configured
    /// number of response bytes; waits at most the configured timeout.
    ///
    /// A client per delivery: AsyncHTTPClient pins a host to an address only per client
    /// (`dnsOverride`), and deliveries are few next to the cost of one client.
    func post(to target: WebhookTarget, headers: [(String, String)], body: Data) async throws -> UInt {
        var settings = HTTPClient.Configuration()
        settings.redirectConfiguration = .disallow
        settings.timeout = .init(connect: .seconds(5), read: Self.timeAmount(configuration.timeout))
        settings.dnsOverride = [target.host: target.address.description]
        let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: settings)
        do {
            let status = try await post(target.url, headers: headers, body: body, with: client)
            try await client.shutdown()
            return status
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    private func post(_ url: URL, headers: [(String, String)], body: Data, with client: HTTPClient) async throws -> UInt {
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = .POST
        request.headers.add(name: "content-type", value: "application/cloudevents+json")
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(bytes: body))
        let deadline = NIODeadline.now() + Self.timeAmount(configuration.timeout)
        let response = try await client.execute(request, deadline: deadline)
        var read = 0
        for try await chunk in response.body {
            read += chunk.readableBytes
            if read >= configuration.maximumResponseBytes { break }
        }
        return response.status.code
    }

    static func timeAmount(_ duration: Duration) -> TimeAmount {
        let (seconds, attoseconds) = duration.components
        return .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
