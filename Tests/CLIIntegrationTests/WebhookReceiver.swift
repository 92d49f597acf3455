import Crypto
import Foundation
import Hummingbird
import NIOCore
import Synchronization

/// A loopback HTTP server receiving webhooks: it answers 500 to the first `failures` deliveries
/// (all of them while `failures` is nil), then 204, and records every delivery with the time it
/// arrived.
final class WebhookReceiver: Sendable {
    struct Delivery: Sendable {
        var arrived: ContinuousClock.Instant
        var id: String?
        var timestamp: String?
        var signature: String?
        var body: Data
    }

    private struct State {
        var failures: Int?
        var deliveries: [Delivery] = []
    }

    /// The state, shared with the server's handler.
    private final class Shared: Sendable {
        let state: Mutex<State>

        init(_ state: State) {
            self.state = Mutex(state)
        }

        func withLock<Result: Sendable>(_ body: (inout State) -> Result) -> Result {
            state.withLock { body(&$0) }
        }
    }

    private let state: Shared
    private let task: Task<Void, any Error>
    /// The URL deliveries are POSTed to.
    let url: String

    /// Starts a receiver on a free loopback port.
    init(failing failures: Int?) async throws {
        let state = Shared(State(failures: failures))
        let router = Router()
        router.post("/hook") { request, _ -> Response in
            let body = Data(try await request.body.collect(upTo: 1 << 20).readableBytesView)
            let fails = state.withLock { state in
                state.deliveries.append(Delivery(
                    arrived: .now, id: request.headers[.init("webhook-id")!], timestamp: request.headers[.init("webhook-timestamp")!],
                    signature: request.headers[.init("webhook-signature")!], body: body))
                guard let failures = state.failures else { return true }
                state.failures = failures - 1
                return failures > 0
            }
            return Response(status: fails ? .internalServerError : .noContent)
        }
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let application = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) })
        self.task = Task { try await application.runService() }
        var port = 0
        for await bound in ports {
            port = bound
            break
        }
        self.state = state
        self.url = "http://127.0.0.1:\(port)/hook"
    }

    /// From now on, every delivery succeeds.
    func recover() {
        state.withLock { $0.failures = 0 }
    }

    /// The deliveries received so far.
    var deliveries: [Delivery] {
        state.withLock { $0.deliveries }
    }

    /// Stops the server.
    func stop() {
        task.cancel()
    }

    /// Whether `delivery` carries a valid Standard Webhooks signature under `secret` — what a
    /// receiver does before trusting a delivery.
    static func verify(_ delivery: Delivery, secret: String) -> Bool {
        guard let id = delivery.id, let timestamp = delivery.timestamp, let header = delivery.signature,
              secret.hasPrefix("whsec_"), let key = Data(base64Encoded: String(secret.dropFirst(6)))
        else { return false }
        var signed = Data("\(id).\(timestamp).".utf8)
        signed.append(delivery.body)
        let expected = Data(HMAC<SHA256>.authenticationCode(for: signed, using: SymmetricKey(data: key))).base64EncodedString()
        return header.split(separator: " ").contains { $0 == "v1,\(expected)" }
    }
}
