import Foundation
import HummingbirdWebSocket
import NIOCore
import NIOWebSocket
import Synchronization

/// The live feed over a WebSocket (`GET /events/live/ws`): the same feed as the Server-Sent
/// Events, each event one text message holding what `/events` shows.
///
/// Heart-beats are unsolicited pong frames. The feed ends with a close frame whose reason is
/// `{"lastEventId":…,"reason":…}`: 1011 when the store is unavailable, 1001 on shutdown (when the
/// server's own close on shutdown, 1000, does not come first), 1008 for a client that stopped
/// taking writes. That client's slot is given back at once; its close frame waits behind the one
/// message it did not take (the server holds nothing more for it), so a client that reads again
/// within ``LiveFeed/closeGrace`` gets the message, the close frame and the end of the
/// connection, and one that does not is cut off then. Messages from the client are read and ignored.
extension LiveFeed {
    /// How long the close frame of a slow consumer may wait before the connection is cut.
    static let closeGrace: TimeAmount = .seconds(10)
    /// How long after its close frame is written a slow consumer's connection is closed (unless
    /// the client answers the close first).
    static let closeDelay: TimeAmount = .seconds(1)

    /// Runs the feed after `position` on an upgraded connection until the client closes it, the
    /// feed ends, or the client stops taking writes. It holds `slot` until it returns.
    func webSocket(
        after position: Int64, filter: LiveFeedFilter, slot: LiveFeedSlot,
        inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter, channel: any Channel
    ) async throws {
        let user = slot.user
        let sent = SentPosition(position)
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { for try await _ in inbound {} }  // ends when the client closes
                group.addTask {
                    try await serve(after: position, filter: filter, user: user, cutOff: {
                        slot.giveBack()
                        // The close frame waits behind what the client did not read: cut the connection after a grace period.
                        let cut = channel.eventLoop.scheduleTask(in: Self.closeGrace) { channel.close(promise: nil) }
                        try? await outbound.close(Reason.slowConsumer.closeCode, reason: Self.endJSON(.slowConsumer, after: sent.value.withLock { $0 }))
                        // Handed to the connection: close it a moment later, once the frame has left.
                        cut.cancel()
                        channel.eventLoop.scheduleTask(in: Self.closeDelay) { channel.close(promise: nil) }
                    }) { output in
                        switch output {
                        case .events(let events):
                            for event in events {
                                try await outbound.write(.text(try Self.json(event)))
                                sent.value.withLock { $0 = event.position }
                            }
                        case .heartbeat:
                            try await outbound.write(.pong)
                        case .end(let reason, let after):
                            try await outbound.close(reason.closeCode, reason: Self.endJSON(reason, after: after))
                        }
                    }
                }
                try await group.next()
                group.cancelAll()
            }
        } catch is SlowConsumer {
            record(.slowConsumer, user: user)
        }
        withExtendedLifetime(slot) {}
    }
}

extension LiveFeed.Reason {
    /// The WebSocket close code of a feed that ends for this reason.
    var closeCode: WebSocketErrorCode {
        switch self {
        case .shutdown: .goingAway
        case .storeUnavailable: .unexpectedServerError
        case .slowConsumer: .policyViolation
        }
    }
}

/// The last position written to a WebSocket connection.
private final class SentPosition: Sendable {
    let value: Mutex<Int64>

    init(_ position: Int64) {
        value = Mutex(position)
    }
}
