import NIOCore
import NIOHTTP1

/// The end of a ``BenchConnectionPool`` connection's pipeline: writes one request and
/// completes its promise with the response (status and whole body), or with the error that
/// closed the connection.
final class BenchResponseHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundIn = Request
    typealias OutboundOut = HTTPClientRequestPart

    /// A request and the promise of its response.
    struct Request {
        var head: HTTPRequestHead
        var body: ByteBuffer?
        var response: EventLoopPromise<BenchHTTPClient.Response>
    }

    private struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    private var pending: EventLoopPromise<BenchHTTPClient.Response>?
    private var sent: ContinuousClock.Instant?
    private var status = 0
    private var body: ByteBuffer?

    /// Sends `head` and `body` on `channel` and returns the response (failing after 10 s).
    static func send(_ head: HTTPRequestHead, body: ByteBuffer?, on channel: any Channel) async throws -> BenchHTTPClient.Response {
        let response = channel.eventLoop.makePromise(of: BenchHTTPClient.Response.self)
        let timeout = channel.eventLoop.scheduleTask(in: .seconds(10)) {
            response.fail(Failure(description: "no response within 10 s"))
        }
        response.futureResult.whenComplete { _ in timeout.cancel() }
        channel.writeAndFlush(NIOAny(Request(head: head, body: body, response: response))).whenFailure { response.fail($0) }
        return try await response.futureResult.get()
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let request = unwrapOutboundIn(data)
        pending = request.response
        sent = nil
        status = 0
        body = nil
        context.write(wrapOutboundOut(.head(request.head)), promise: nil)
        if let body = request.body { context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil) }
        context.write(wrapOutboundOut(.end(nil)), promise: promise)
    }

    /// The request leaves on the flush: the moment it was handed to the socket is its send time.
    func flush(context: ChannelHandlerContext) {
        context.flush()
        if pending != nil, sent == nil { sent = .now }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            status = Int(head.status.code)
        case .body(var part):
            if body == nil { body = part } else { body!.writeBuffer(&part) }
        case .end:
            let response = BenchHTTPClient.Response(status: status, body: body ?? ByteBuffer(), sent: sent ?? .now)
            pending.take()?.succeed(response)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        pending.take()?.fail(Failure(description: "the connection closed"))
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        pending.take()?.fail(error)
        context.close(promise: nil)
    }
}
