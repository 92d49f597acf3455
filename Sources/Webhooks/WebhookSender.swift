public import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
public import ServiceLifecycle

/// The HTTP client of deliveries (no redirects followed, bounded time and response size), as
/// a `Service` that shuts the client down when the process stops.
public final class WebhookSender: Service, Sendable {
    /// The client.
    public let client: HTTPClient
    let configuration: WebhookConfiguration

    /// A sender with `configuration`'s timeout and response limit.
    public init(configuration: WebhookConfiguration) {
        var settings = HTTPClient.Configuration()
        settings.redirectConfiguration = .disallow
        settings.timeout = .init(connect: .seconds(5), read: Self.timeAmount(configuration.timeout))
        self.client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: settings)
        self.configuration = configuration
    }

    /// Waits for graceful shutdown, then shuts the client down.
    public func run() async throws {
        try? await gracefulShutdown()
        try await client.shutdown()
    }

    /// POSTs `body` to `url` with `headers`; answers the status. Reads at most the configured
    /// number of response bytes; waits at most the configured timeout.
    func post(_ url: URL, headers: [(String, String)], body: Data) async throws -> UInt {
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
