import EventStore
import Foundation
import HTTPAPI
import HTTPTypes
import Testing

@Suite("Live event feed (WebSocket)")
struct LiveFeedWebSocketTests {
    static func feed(_ api: APIHarness, _ query: String = "", token: String) throws -> WebSocketFeedClient {
        WebSocketFeedClient(port: try #require(api.client.port), path: "/events/live/ws\(query)", token: token)
    }

    /// A raw upgrade request (a plain socket), to see the answer's status and head, and the
    /// frames that follow; `receiveBuffer` shrinks the socket's receive buffer.
    static func upgrade(_ api: APIHarness, _ query: String = "", token: String?, receiveBuffer: Int32? = nil) throws -> SSEClient {
        var headers = ["Connection": "Upgrade", "Upgrade": "websocket", "Sec-WebSocket-Version": "13", "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ=="]
        if let token { headers["Authorization"] = "Bearer \(token)" }
        return try SSEClient(
            port: try #require(api.client.port), path: "/events/live/ws\(query)", headers: headers, receiveBuffer: receiveBuffer)
    }

    /// As the Server-Sent Events' test: a client that stops reading gives its slot back, gets
    /// a close frame 1008 naming the reason and where to resume, and the connection is closed.
    @Test func aConsumerThatStopsReadingIsClosedWithAReason() async throws {
        var queries = QueryConfiguration()
        queries.liveFeed.sendTimeout = .seconds(1)
        queries.liveFeed.maxConnectionsPerUser = 1
        try await APIHarness.run("http_live_ws_slow", queries: queries) { api in
            let admin = try await api.token()
            // About 12 MB of events: far more than the socket buffers hold.
            for batch in 0..<4 { try await LiveFeedTests.append(api.store, "bulk-\(batch)", 50, padding: 60_000) }
            let residentBefore = LiveFeedTests.residentMegabytes()
            // The socket's default receive buffer: a tiny one would leave loopback TCP sending
            // only at its zero-window probes' pace once the client reads again.
            let stalled = try Self.upgrade(api, token: admin)
            try await Task.sleep(for: .seconds(4))  // not reading
            let residentStalled = LiveFeedTests.residentMegabytes()
            var served: [SSEClient.Event] = []
            let deadline = ContinuousClock.now + .seconds(90)
            while served.isEmpty, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(250))
                let other = try LiveFeedTests.feed(api, "/events/live?type=UserRegistered", token: admin)
                served = try await other.read(within: .seconds(5)) { !$0.isEmpty }
            }
            #expect(served.count == 1, "the stalled client kept its slot")
            let received = try await stalled.drainUntilClosed(within: .seconds(20))
            #expect(received < 12_000_000, "the server gave up on the stalled client after \(received) bytes")
            #expect(residentStalled - residentBefore < 100, "memory grew \(residentStalled - residentBefore) MB")
            let close = try #require(stalled.webSocketClose, "no close frame among the \(received) bytes")
            #expect(close.code == 1008 && close.reason.contains("\"reason\":\"slow-consumer\""), "\(close)")
        }
    }

    @Test func eventsArriveInLogOrderAndAReconnectionGetsExactlyTheMissingEvents() async throws {
        try await APIHarness.run("http_live_ws_resume") { api in
            let admin = try await api.token()
            let (first, before) = try await Self.openFeed(api, appending: "probe-a", count: 6, token: admin)
            #expect(first.positions == before, "every event from the start, in log order")
            let last = try #require(first.messages.last)
            let decoded = try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any]
            #expect(decoded?["stream"] as? String == "probe-a" && decoded?["type"] as? String == "Happened")
            let sse = try LiveFeedTests.feed(api, token: admin)
            #expect(try await sse.read { $0.count >= before.count }.last?.data == last, "the same JSON as the Server-Sent Events")
            sse.disconnect()

            first.disconnect()
            _ = try? await first.closed()
            // Disconnected: more events commit meanwhile; the reconnection resumes after the last position it saw.
            try await LiveFeedTests.append(api.store, "probe-b", 7)
            let missing = try await api.log().map { String($0.position) }.filter { Int64($0)! > Int64(before.last!)! }
            #expect(missing.count == 7)
            let second = try Self.feed(api, "?after=\(before.last!)", token: admin)
            _ = try await second.read { $0.count >= missing.count }
            _ = try await second.read(within: .milliseconds(600)) { _ in false }
            #expect(second.positions == missing, "exactly the missing events, once each")
            second.disconnect()

            // Filters, as on /events/live.
            let byCategory = try Self.feed(api, "?category=probe&after=0", token: admin)
            let probes = try await byCategory.read { $0.count >= 13 }
            #expect(probes.count == 13 && probes.allSatisfy { $0.contains(#""stream":"probe-"#) })
            byCategory.disconnect()
        }
    }

    @Test func refusedUpgradesAnswerWithAProblemAndDoNotUpgrade() async throws {
        try await APIHarness.run("http_live_ws_refusals") { api in
            let admin = try await api.token()
            let customer = try await api.customer("wsfeed")
            for (query, token, status) in [
                ("", nil, 401), ("", "forged.token.value", 401), ("", customer.token, 403),
                ("?after=-1", admin, 400), ("?after=\(Int64.min)", admin, 400), ("?category=a-b", admin, 400),
            ] as [(String, String?, Int)] {
                let client = try Self.upgrade(api, query, token: token)
                _ = try await client.read(within: .seconds(5)) { _ in true }
                #expect(client.status == status, "\(query) \(token ?? "no token"): \(client.head)")
                #expect(!client.head.lowercased().contains("sec-websocket-accept"), "not upgraded: \(client.head)")
                #expect(client.head.lowercased().contains("content-type: application/problem+json"), "\(client.head)")
            }
            // The real client sees the refusal as a failed upgrade.
            let anonymous = try Self.feed(api, token: "")
            await #expect(throws: (any Error).self) { try await anonymous.closed() }
            // Without the upgrade: 426 (after authentication, so anonymous callers still get 401).
            let plain = try await api.send(.get, "/events/live/ws", token: admin)
            #expect(plain.status == 426 && plain.problemType == "/problems/upgrade-required", "\(plain.text)")
            #expect(try await api.send(.get, "/events/live/ws").status == 401)
            // An accepted upgrade, for contrast.
            let accepted = try Self.upgrade(api, token: admin)
            _ = try await accepted.read(within: .seconds(5)) { _ in true }
            #expect(accepted.status == 101 && accepted.head.lowercased().contains("sec-websocket-accept"), "\(accepted.head)")
            accepted.disconnect()
        }
    }

    @Test func webSocketAndServerSentEventsShareTheConnectionLimits() async throws {
        var queries = QueryConfiguration()
        queries.liveFeed.maxConnectionsPerUser = 2
        try await APIHarness.run("http_live_ws_limits", queries: queries) { api in
            let admin = try await api.token()
            let socket = try Self.feed(api, token: admin)
            _ = try await socket.read { !$0.isEmpty }
            let sse = try LiveFeedTests.feed(api, token: admin)
            _ = try await sse.read { _ in true }
            #expect(sse.status == 200)
            // Both slots taken, one by each kind: a third of either kind is refused.
            let refused = try await api.send(.get, "/events/live", token: admin)
            #expect(refused.status == 429 && refused.problemType == "/problems/too-many-live-connections")
            let refusedUpgrade = try Self.upgrade(api, token: admin)
            _ = try await refusedUpgrade.read(within: .seconds(5)) { _ in true }
            #expect(refusedUpgrade.status == 429, "\(refusedUpgrade.head)")
            // Closing the WebSocket gives its slot back to either kind.
            socket.disconnect()
            _ = try? await socket.closed()
            #expect(try await LiveFeedTests.statusOnceASlotIsFree(api, token: admin) == 200, "a closed WebSocket gives its slot back")
        }
    }
}
