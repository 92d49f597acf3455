import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization
import Testing
@testable import Webhooks

/// A delivery connects to the address its target was checked at, never to a second resolution
/// of the host (DNS rebinding).
@Suite struct WebhookPinningTests {
    @Test("a delivery goes to the checked address, with the host name kept in the Host header")
    func deliveryConnectsToTheCheckedAddress() async throws {
        let receiver = try await LoopbackReceiver.start()
        defer { receiver.stop() }
        // `.invalid` never resolves (RFC 6761): only the pinned address can reach the receiver.
        var policy = WebhookTargetPolicy(allowedHosts: ["rebind.invalid"], allowsPrivateAddresses: true)
        let answers = Mutex(0)
        policy.resolver = WebhookResolver { host in
            // The check's answer; any later resolution would get nothing.
            answers.withLock { count in
                count += 1
                return host == "rebind.invalid" && count == 1 ? [IPAddress(bytes: [127, 0, 0, 1])] : []
            }
        }
        let target = try await policy.checkForDelivery("http://rebind.invalid:\(receiver.port)/in")
        let sender = WebhookSender(configuration: WebhookConfiguration())
        let status = try await sender.post(to: target, headers: [("webhook-id", "evt-1")], body: Data(#"{"id":"evt-1"}"#.utf8))
        #expect(status == 204)
        #expect(receiver.requests == ["POST /in host=rebind.invalid:\(receiver.port) webhook-id=evt-1"])
        #expect(answers.withLock { $0 } == 1)
    }

    @Test("the system resolver runs getaddrinfo off the cooperative pool and answers literals and localhost")
    func systemResolver() async {
        #expect(await WebhookResolver.system.resolve("127.0.0.1").map(\.description) == ["127.0.0.1"])
        #expect(await WebhookResolver.system.resolve("localhost").contains { !$0.isPublic })
        #expect(await WebhookResolver.system.resolve("no-such-host.invalid").isEmpty)
    }
}

/// An HTTP/1.1 server on 127.0.0.1 that answers 204 and records each request's method, path,
/// `Host` and `webhook-id`.
final class LoopbackReceiver: Sendable {
    let port: Int
    private let channel: any Channel
    private let log: RequestLog

    var requests: [String] { log.lines.withLock { $0 } }

    private init(channel: any Channel, log: RequestLog) {
        self.channel = channel
        self.port = channel.localAddress?.port ?? 0
        self.log = log
    }

    static func start() async throws -> LoopbackReceiver {
        let log = RequestLog()
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(Responder(log: log))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return LoopbackReceiver(channel: channel, log: log)
    }

    func stop() { channel.close(promise: nil) }

    /// Where the responders write.
    final class RequestLog: Sendable {
        let lines = Mutex<[String]>([])
    }

    private final class Responder: ChannelInboundHandler, Sendable {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart
        let log: RequestLog

        init(log: RequestLog) { self.log = log }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let head):
                let line = "\(head.method) \(head.uri) host=\(head.headers["host"].first ?? "") webhook-id=\(head.headers["webhook-id"].first ?? "")"
                log.lines.withLock { $0.append(line) }
            case .body:
                break
            case .end:
                let head = HTTPResponseHead(version: .http1_1, status: .noContent, headers: ["content-length": "0"])
                context.write(wrapOutboundOut(.head(head)), promise: nil)
                context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            }
        }
    }
}
