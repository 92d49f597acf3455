import HTTPTypes
import Hummingbird
import HummingbirdCore
import HummingbirdWebSocket
import Logging
import NIOCore
import NIOHTTP1
import Synchronization

/// WebSocket upgrades through the API's router: an upgrade request runs through the same
/// middleware (authentication, rate limits, problems) and route as any other request, before
/// anything is upgraded. A route accepts it by handing its connection handler to
/// ``NexusRequestContext/webSocketUpgrade``; any other answer (401, 403, 429… as problem+json) is
/// sent as it is and the connection closed, never upgraded.
enum WebSocketUpgrades {
    /// The HTTP/1.1 server, with upgrades decided by `router`.
    static func server(router: Router<NexusRequestContext>) -> HTTPServerBuilder {
        let responder = router.buildResponder()
        return .http1WebSocketUpgrade { head, channel, logger in
            let context = NexusRequestContext(source: .init(channel: channel, logger: logger))
            let response = try await responder.respond(to: Request(head: head, body: .init(buffer: ByteBuffer())), context: context)
            if response.status == .ok, let handler = context.webSocketUpgrade.take() {
                return .upgrade(response.headers) { inbound, outbound, _ in try await handler(inbound, outbound) }
            }
            try await refuse(response, on: channel)
            return .dontUpgrade
        }
    }

    /// The largest refusal body sent (a problem document is far smaller).
    fileprivate static let maxRefusalBytes = 64 * 1024

    /// Sends `response` on the not-upgraded connection and closes it.
    private static func refuse(_ response: Response, on channel: any Channel) async throws {
        let body = BodyCollector()
        try await response.body.write(body)
        var headers = HTTPHeaders(response.headers.map { ($0.name.rawName, $0.value) })
        headers.replaceOrAdd(name: "Content-Length", value: String(body.buffer.readableBytes))
        headers.replaceOrAdd(name: "Connection", value: "close")
        let head = HTTPResponseHead(
            version: .http1_1, status: .init(statusCode: response.status.code, reasonPhrase: response.status.reasonPhrase), headers: headers)
        channel.write(HTTPServerResponsePart.head(head), promise: nil)
        channel.write(HTTPServerResponsePart.body(.byteBuffer(body.buffer)), promise: nil)
        try await channel.writeAndFlush(HTTPServerResponsePart.end(nil))
        try await channel.close()
    }
}

/// Collects a (small) response body.
private final class BodyCollector: ResponseBodyWriter {
    var buffer = ByteBuffer()

    func write(_ buffer: ByteBuffer) async throws {
        guard self.buffer.readableBytes + buffer.readableBytes <= WebSocketUpgrades.maxRefusalBytes else { return }
        self.buffer.writeImmutableBuffer(buffer)
    }

    func finish(_ trailingHeaders: HTTPFields?) async throws {}
}

/// Where a route leaves the handler of a WebSocket upgrade it accepts.
final class WebSocketUpgradeSlot: Sendable {
    /// Runs an upgraded connection.
    typealias Handler = @Sendable (WebSocketInboundStream, WebSocketOutboundWriter) async throws -> Void

    private let handler = Mutex<Handler?>(nil)

    /// Accepts the upgrade: `handler` runs the connection once it is upgraded.
    func accept(_ handler: @escaping Handler) {
        self.handler.withLock { $0 = handler }
    }

    /// The accepted upgrade's handler, if any.
    fileprivate func take() -> Handler? {
        handler.withLock { value in
            defer { value = nil }
            return value
        }
    }
}
