import Foundation
import HummingbirdWebSocket
import Logging
import PostgresNIO
import Synchronization
import Testing

/// How a WebSocket feed ends when the service cannot go on: the close frame names the reason and
/// the position to resume after.
extension LiveFeedWebSocketTests {
    @Test("a feed whose store fails ends with close 1011, store-unavailable and the last position sent")
    func aFeedWhoseStoreFailsEndsWithTheReasonAndWhereToResume() async throws {
        try await APIHarness.run("http_live_ws_store_down") { api in
            let (feed, sent) = try await Self.openFeed(api, appending: "probe-down", count: 3, token: try await api.token())
            #expect(feed.positions == sent)
            let logger = Logger(label: "nexus.test.live.ws")
            // Every read of the log now fails (a real failure of the real store), until renamed back.
            try await api.store.client.query("ALTER TABLE events RENAME TO events_unavailable", logger: logger)
            _ = try await feed.read(within: .seconds(30)) { _ in false }
            try await api.store.client.query("ALTER TABLE events_unavailable RENAME TO events", logger: logger)
            try #require(feed.hasEnded, "the feed stayed open while its store failed")
            let close = try #require(try await feed.closed(), "the connection ended without a close frame")
            #expect(close.closeCode == .unexpectedServerError, "\(close)")
            #expect(close.reason?.contains(#""reason":"store-unavailable""#) == true, "\(close)")
            #expect(close.reason?.contains(#""lastEventId":"\#(try #require(sent.last))""#) == true, "\(close)")
        }
    }

    @Test("a feed open when the server shuts down ends with a close frame, not a cut connection")
    func aFeedOpenAtShutdownEndsWithACloseFrame() async throws {
        let open = OpenFeed()
        try await APIHarness.run("http_live_ws_shutdown") { api in
            let (feed, sent) = try await Self.openFeed(api, appending: "probe-shutdown", count: 2, token: try await api.token())
            let last = sent.last
            open.feed.withLock { $0 = (feed, last) }
        }
        // The server has shut down gracefully; the feed was open throughout.
        let (feed, last) = try #require(open.feed.withLock { $0 })
        _ = try await feed.read(within: .seconds(30)) { _ in false }
        try #require(feed.hasEnded, "the feed stayed open after the server shut down")
        let close = try #require(try await feed.closed(), "the connection ended without a close frame")
        // The server's own close on shutdown (1000) comes first today; the feed's 1001 would name where to resume.
        #expect(close.closeCode == .goingAway || close.closeCode == .normalClosure, "\(close)")
        if close.closeCode == .goingAway {
            #expect(close.reason?.contains(#""reason":"shutdown""#) == true, "\(close)")
            #expect(close.reason?.contains(#""lastEventId":"\#(last ?? "")""#) == true, "\(close)")
        }
    }
}

extension LiveFeedWebSocketTests {
    /// Appends `count` events to `stream`, opens a feed from the start and reads until it has every
    /// event of the log; returns the feed and the log's positions.
    static func openFeed(_ api: APIHarness, appending stream: String, count: Int, token: String) async throws -> (WebSocketFeedClient, [String]) {
        try await LiveFeedTests.append(api.store, stream, count)
        let positions = try await api.log().map { String($0.position) }
        let feed = try Self.feed(api, token: token)
        _ = try await feed.read { $0.count >= positions.count }
        return (feed, positions)
    }
}

/// The feed a test keeps past its server's shutdown, with the last position it was sent.
private final class OpenFeed: Sendable {
    let feed = Mutex<(WebSocketFeedClient, String?)?>(nil)
}
