import EventStore
import Foundation
import Hummingbird
import Logging
import Metrics
import ServiceLifecycle
import Synchronization

/// One connection of the live event feed: events in global order as Server-Sent Events, read
/// from the store with `readAll`, which returns only settled positions, so an event that commits
/// late is sent after its predecessors and never skipped.
///
/// Frames: `id: <position>`, `event: <type>`, `data: <the event as /events shows it>`. A comment
/// (`: heartbeat`) after ``LiveFeedConfiguration/heartbeatInterval`` without events. The feed ends
/// with `event: disconnect` and `data: {"reason":…,"lastEventId":…}` when the server shuts down or
/// the store is unavailable; a client whose writes stall longer than
/// ``LiveFeedConfiguration/sendTimeout`` is cut off (nothing more can reach it; the reason is
/// logged and counted in `nexus_live_feed_disconnects_total`).
struct LiveFeed: Sendable {
    let store: any EventStore
    let configuration: LiveFeedConfiguration
    let logger: Logger

    /// The SSE reserved event name of the last frame.
    static let disconnectEvent = "disconnect"

    /// Why a connection ended, as `disconnect` frames, logs and metrics name it.
    enum Reason: String, Sendable {
        case shutdown
        case storeUnavailable = "store-unavailable"
        case slowConsumer = "slow-consumer"
    }

    struct SlowConsumer: Error {}

    /// The response body: runs the feed after `position` until the client leaves (its side of
    /// the connection closes: the feed is cancelled at once), the server shuts down, or the client
    /// stops taking writes. It holds `slot` until it is released.
    func body(for request: Request, after position: Int64, filter: LiveFeedFilter, slot: LiveFeedSlot) -> ResponseBody {
        let user = slot.user
        return ResponseBody { writer in
            _ = slot
            let output = WriterBox(writer)
            let pendingSince = PendingWrite()
            do {
                try await request.body.consumeWithCancellationOnInboundClose { _ in
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        group.addTask {
                            try await run(after: position, filter: filter, user: user) { buffer in
                                pendingSince.since.withLock { $0 = .now }
                                try await output.write(buffer)
                                pendingSince.since.withLock { $0 = nil }
                            }
                        }
                        group.addTask { try await watch(pendingSince) }
                        try await group.next()
                        group.cancelAll()
                    }
                }
            } catch is SlowConsumer {
                record(.slowConsumer, user: user)
                throw SlowConsumer()  // closes the connection: nothing more, not even the end, can be written
            }
        }
    }

    /// Sends events after `position` through `send` until cancelled or a reason to stop.
    func run(after position: Int64, filter: LiveFeedFilter, user: UUID, send: @Sendable (ByteBuffer) async throws -> Void) async throws {
        var cursor = position
        var lastWrite = ContinuousClock.now
        try await send(ByteBuffer(string: ": connected\nretry: 1000\n\n"))
        while !Task.isCancelled {
            if Task.isShuttingDownGracefully { return try await send(disconnect(.shutdown, cursor: cursor, user: user)) }
            let events: [RecordedEvent]
            do {
                events = try await store.readAll(after: cursor, limit: configuration.batchSize)
            } catch {
                return try await send(disconnect(.storeUnavailable, cursor: cursor, user: user))
            }
            var frames = ByteBuffer()
            for event in events where filter.matches(event) {
                frames.writeString(try Self.frame(event))
            }
            cursor = events.last?.position ?? cursor
            if frames.readableBytes > 0 {
                try await send(frames)
                lastWrite = .now
            } else if ContinuousClock.now - lastWrite >= configuration.heartbeatInterval {
                try await send(ByteBuffer(string: ": heartbeat\n\n"))
                lastWrite = .now
            }
            if events.count < configuration.batchSize { try await Task.sleep(for: configuration.pollInterval) }
        }
    }

    /// Throws ``SlowConsumer`` once a write has waited longer than the send timeout.
    private func watch(_ pendingSince: PendingWrite) async throws {
        let check = min(configuration.sendTimeout / 4, .seconds(1))
        while true {
            try await Task.sleep(for: check)
            if let since = pendingSince.since.withLock({ $0 }), ContinuousClock.now - since > configuration.sendTimeout {
                throw SlowConsumer()
            }
        }
    }

    /// One event as an SSE frame.
    static func frame(_ event: RecordedEvent) throws -> String {
        let data = String(decoding: try CommandAPI.encode(EventResponse(event)), as: UTF8.self)
        return "id: \(event.position)\nevent: \(event.type)\ndata: \(data)\n\n"
    }

    /// The last frame: why the feed ends and where to resume.
    private func disconnect(_ reason: Reason, cursor: Int64, user: UUID) -> ByteBuffer {
        record(reason, user: user)
        return ByteBuffer(string: "event: \(Self.disconnectEvent)\ndata: {\"lastEventId\":\"\(cursor)\",\"reason\":\"\(reason.rawValue)\"}\n\n")
    }

    private func record(_ reason: Reason, user: UUID) {
        logger.log(level: reason == .shutdown ? .info : .warning, "live feed connection closed by the server", metadata: [
            "reason": .string(reason.rawValue), "user": .string(user.uuidString.lowercased()),
        ])
        Counter(label: "nexus_live_feed_disconnects_total", dimensions: [("reason", reason.rawValue)]).increment()
    }
}

/// Since when the feed's current write has waited (none: no write pending).
private final class PendingWrite: Sendable {
    let since = Mutex<ContinuousClock.Instant?>(nil)
}

/// The response's body writer, handed to the one task that writes (the feed); the watchdog
/// beside it never touches it.
private final class WriterBox: @unchecked Sendable {
    private var writer: any ResponseBodyWriter

    init(_ writer: any ResponseBodyWriter) {
        self.writer = writer
    }

    func write(_ buffer: ByteBuffer) async throws {
        try await writer.write(buffer)
    }
}
