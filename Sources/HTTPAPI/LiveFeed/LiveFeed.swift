import EventStore
import Foundation
import Hummingbird
import Logging
import Metrics
import ServiceLifecycle
import Synchronization

/// One connection of the live event feed: events in global order as Server-Sent Events (or
/// WebSocket messages, see `LiveFeed+WebSocket.swift`), read
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

    /// What the feed core hands its transport (SSE frames, WebSocket messages).
    enum Output: Sendable {
        /// Events in log order (already filtered; never empty).
        case events([RecordedEvent])
        /// Nothing new for ``LiveFeedConfiguration/heartbeatInterval``.
        case heartbeat
        /// The last output: why the feed ends and the position to resume after.
        case end(Reason, after: Int64)
    }

    /// The response body: runs the feed after `position` until the client leaves (its side of
    /// the connection closes: the feed is cancelled at once), the server shuts down, or the client
    /// stops taking writes. It holds `slot` until it is released. Without `named`, event frames
    /// carry no `event:` line (a browser's `EventSource.onmessage` receives them all).
    func body(for request: Request, after position: Int64, filter: LiveFeedFilter, slot: LiveFeedSlot, named: Bool = true) -> ResponseBody {
        let user = slot.user
        return ResponseBody { writer in
            _ = slot
            let output = WriterBox(writer)
            do {
                try await request.body.consumeWithCancellationOnInboundClose { _ in
                    try await output.write(ByteBuffer(string: ": connected\nretry: 1000\n\n"))
                    try await serve(after: position, filter: filter, user: user) { try await output.write(Self.sse($0, named: named)) }
                }
            } catch is SlowConsumer {
                record(.slowConsumer, user: user)
                throw SlowConsumer()  // closes the connection: nothing more, not even the end, can be written
            }
        }
    }

    /// Runs the feed after `position` through `send` until cancelled or a reason to stop; once one
    /// call of `send` has waited longer than the send timeout, runs `cutOff` (which must make the
    /// pending write fail, e.g. by closing the connection) and throws ``SlowConsumer``.
    func serve(
        after position: Int64, filter: LiveFeedFilter, user: UUID, cutOff: @escaping @Sendable () async -> Void = {},
        send: @escaping @Sendable (Output) async throws -> Void
    ) async throws {
        let pendingSince = PendingWrite()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await run(after: position, filter: filter, user: user) { output in
                    pendingSince.since.withLock { $0 = .now }
                    try await send(output)
                    pendingSince.since.withLock { $0 = nil }
                }
            }
            group.addTask {
                try await watch(pendingSince)
                await cutOff()
                throw SlowConsumer()
            }
            try await group.next()
            group.cancelAll()
        }
    }

    /// Sends events after `position` through `send` until cancelled or a reason to stop.
    func run(after position: Int64, filter: LiveFeedFilter, user: UUID, send: @Sendable (Output) async throws -> Void) async throws {
        var cursor = position
        var lastWrite = ContinuousClock.now
        while !Task.isCancelled {
            if Task.isShuttingDownGracefully { return try await send(end(.shutdown, cursor: cursor, user: user)) }
            let events: [RecordedEvent]
            do {
                events = try await store.readAll(after: cursor, limit: configuration.batchSize)
            } catch {
                return try await send(end(.storeUnavailable, cursor: cursor, user: user))
            }
            let matching = events.filter(filter.matches)
            cursor = events.last?.position ?? cursor
            if !matching.isEmpty {
                try await send(.events(matching))
                lastWrite = .now
            } else if ContinuousClock.now - lastWrite >= configuration.heartbeatInterval {
                try await send(.heartbeat)
                lastWrite = .now
            }
            if events.count < configuration.batchSize { try await Task.sleep(for: configuration.pollInterval) }
        }
    }

    /// Returns once a write has waited longer than the send timeout.
    private func watch(_ pendingSince: PendingWrite) async throws {
        let check = min(configuration.sendTimeout / 4, .seconds(1))
        while true {
            try await Task.sleep(for: check)
            if let since = pendingSince.since.withLock({ $0 }), ContinuousClock.now - since > configuration.sendTimeout { return }
        }
    }

    /// One event as the feed shows it: what /events shows (one SSE `data` line, one WebSocket text message).
    static func json(_ event: RecordedEvent) throws -> String {
        String(decoding: try CommandAPI.encode(EventResponse(event)), as: UTF8.self)
    }

    /// One event as an SSE frame, named after its type if `named`.
    static func frame(_ event: RecordedEvent, named: Bool = true) throws -> String {
        "id: \(event.position)\n\(named ? "event: \(event.type)\n" : "")data: \(try json(event))\n\n"
    }

    /// An output as SSE frames.
    private static func sse(_ output: Output, named: Bool) throws -> ByteBuffer {
        switch output {
        case .events(let events): ByteBuffer(string: try events.map { try frame($0, named: named) }.joined())
        case .heartbeat: ByteBuffer(string: ": heartbeat\n\n")
        case .end(let reason, let after): ByteBuffer(string: "event: \(disconnectEvent)\ndata: \(endJSON(reason, after: after))\n\n")
        }
    }

    /// Why the feed ends and where to resume, as the last SSE frame and the WebSocket close reason say it.
    static func endJSON(_ reason: Reason, after: Int64) -> String {
        "{\"lastEventId\":\"\(after)\",\"reason\":\"\(reason.rawValue)\"}"
    }

    /// The last output, recorded.
    private func end(_ reason: Reason, cursor: Int64, user: UUID) -> Output {
        record(reason, user: user)
        return .end(reason, after: cursor)
    }

    func record(_ reason: Reason, user: UUID) {
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
