import Foundation
import HTTPTypes
import HummingbirdWSClient
import Logging
import Synchronization

/// A WebSocket client of the live feed (the real client of hummingbird-websocket): it keeps each
/// text message as it arrives and the close frame the server ends with.
final class WebSocketFeedClient: Sendable {
    private let received: Received
    private let task: Task<WebSocketCloseFrame?, any Error>

    /// Connects to ws://127.0.0.1:`port``path` with `token` as the bearer token.
    init(port: Int, path: String, token: String) {
        let received = Received()
        self.received = received
        task = Task {
            defer { received.ended.withLock { $0 = true } }
            return try await WebSocketClient.connect(
                url: "ws://127.0.0.1:\(port)\(path)",
                configuration: .init(maxFrameSize: 1 << 22, additionalHeaders: [.authorization: "Bearer \(token)"]),
                logger: Logger(label: "nexus.test.websocket")
            ) { inbound, _, _ in
                for try await message in inbound.messages(maxSize: 1 << 22) {
                    if case .text(let text) = message { received.messages.withLock { $0.append(text) } }
                }
            }
        }
    }

    /// Waits until `done(messages so far)` holds, the connection ends, or `limit` passes; returns
    /// every message received so far.
    func read(within limit: Duration = .seconds(20), until done: ([String]) -> Bool) async throws -> [String] {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline, !done(messages), !received.ended.withLock({ $0 }) {
            try await Task.sleep(for: .milliseconds(20))
        }
        return messages
    }

    /// Whether the connection has ended.
    var hasEnded: Bool { received.ended.withLock { $0 } }

    /// The messages received so far.
    var messages: [String] { received.messages.withLock { $0 } }

    /// The `position` of each message received so far, as text.
    var positions: [String] {
        messages.map { message in
            let object = try? JSONSerialization.jsonObject(with: Data(message.utf8)) as? [String: Any]
            return (object?["position"] as? NSNumber)?.stringValue ?? "?"
        }
    }

    /// Leaves (the client's task is cancelled, which closes the connection).
    func disconnect() {
        task.cancel()
    }

    /// How the connection ended: the server's close frame, if any (throws if the upgrade failed).
    func closed() async throws -> WebSocketCloseFrame? {
        try await task.value
    }
}

/// What the client's connection task shares with the test.
private final class Received: Sendable {
    let messages = Mutex<[String]>([])
    let ended = Mutex(false)
}
