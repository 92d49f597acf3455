import EventStore
import EventStorePostgres
import Foundation
import HTTPAPI
import Testing

@Suite("Live event feed (Server-Sent Events)")
struct LiveFeedTests {
    /// Appends `count` events of type `Happened` (each with `padding` bytes of text) to `stream`.
    static func append(_ store: PostgresEventStore, _ stream: String, _ count: Int, padding: Int = 0) async throws {
        let events = (1...count).map { n in
            EventData(type: "Happened", data: Data(#"{"n":\#(n),"pad":"\#(String(repeating: "p", count: padding))"}"#.utf8))
        }
        _ = try await store.append(AppendRequest(stream: try StreamName(stream), expectedVersion: .any, events: events))
    }

    static func feed(_ api: APIHarness, _ path: String = "/events/live", token: String, headers: [String: String] = [:],
                     receiveBuffer: Int32? = nil) throws -> SSEClient {
        try SSEClient(port: try #require(api.client.port), path: path, headers: headers.merging(["Authorization": "Bearer \(token)"]) { a, _ in a },
                      receiveBuffer: receiveBuffer)
    }

    @Test func resumingWithLastEventIDGetsExactlyTheMissingEvents() async throws {
        try await APIHarness.run("http_live_resume") { api in
            let admin = try await api.token()
            try await Self.append(api.store, "probe-a", 6)
            let before = try await api.log().map { String($0.position) }
            let first = try Self.feed(api, token: admin)
            let received = try await first.read { $0.count >= before.count }
            #expect(first.head.lowercased().contains("content-type: text/event-stream"), "\(first.head)")
            #expect(received.map(\.id) == before)
            #expect(received.last?.event == "Happened")
            let last = try #require(received.last)
            let decoded = try JSONSerialization.jsonObject(with: Data(last.data.utf8)) as? [String: Any]
            #expect(decoded?["stream"] as? String == "probe-a" && (decoded?["position"] as? NSNumber)?.stringValue == last.id)

            first.disconnect()
            // Disconnected: more events commit meanwhile; the reconnection names the last id it saw.
            try await Self.append(api.store, "probe-b", 7)
            let missing = try await api.log().map { String($0.position) }.filter { Int64($0)! > Int64(last.id!)! }
            #expect(missing.count == 7)
            let second = try Self.feed(api, token: admin, headers: ["Last-Event-ID": last.id!])
            var resumed = try await second.read { $0.count >= missing.count }
            resumed += try await second.read(within: .milliseconds(600)) { _ in false }
            #expect(resumed.map(\.id) == missing, "exactly the missing events, once each")

            second.disconnect()
            // Resuming from the middle; the header wins over `after`.
            let middle = before[before.count / 2]
            let third = try Self.feed(api, "/events/live?after=0", token: admin, headers: ["Last-Event-ID": middle])
            let expected = (before + missing).filter { Int64($0)! > Int64(middle)! }
            #expect(try await third.read { $0.count >= expected.count }.map(\.id) == expected)

            third.disconnect()
            // Filters.
            let byCategory = try Self.feed(api, "/events/live?category=probe", token: admin)
            let probes = try await byCategory.read { $0.count >= 13 }
            #expect(probes.count == 13 && probes.allSatisfy { $0.data.contains(#""stream":"probe-"#) })
            byCategory.disconnect()
            let registrations = try await api.log().filter { $0.type == "UserRegistered" }.map { String($0.position) }
            let byType = try Self.feed(api, "/events/live?type=UserRegistered", token: admin)
            let users = try await byType.read { $0.count >= registrations.count }
            #expect(!users.isEmpty && users.map(\.id) == registrations)
        }
    }

    @Test func badRequestsAndWrongRolesAreRefused() async throws {
        try await APIHarness.run("http_live_refusals") { api in
            let admin = try await api.token()
            for (path, header) in [
                ("/events/live?after=-1", nil), ("/events/live?after=\(Int64.min)", nil), ("/events/live?after=99999999999999999999", nil),
                ("/events/live?category=a-b", nil), ("/events/live?type=%00", nil), ("/events/live?category=\(String(repeating: "c", count: 101))", nil),
                ("/events/live", "-1"), ("/events/live", "abc"), ("/events/live", "99999999999999999999"), ("/events/live", "+5"), ("/events/live", "1e3"),
            ] as [(String, String?)] {
                let reply = try await api.send(.get, path, token: admin, headers: header.map { [.init("Last-Event-ID")!: $0] } ?? [:])
                #expect(reply.status == 400 && reply.isProblem, "\(path) \(header ?? ""): \(reply.status) \(reply.text)")
            }
            #expect(try await api.send(.get, "/events/live").status == 401)
            // HEAD answers the head of the stream at once and frees its slot.
            for _ in 0..<6 { #expect(try await api.send(.head, "/events/live", token: admin).status == 200) }
            let customer = try await api.customer("feed")
            #expect(try await api.send(.get, "/events/live", token: customer.token).status == 403)
        }
    }

    @Test func connectionsAreBoundedPerUserAndTheSlotComesBack() async throws {
        var queries = QueryConfiguration()
        queries.liveFeed.maxConnectionsPerUser = 2
        try await APIHarness.run("http_live_limits", queries: queries) { api in
            let admin = try await api.token()
            var open = [try Self.feed(api, token: admin), try Self.feed(api, token: admin)]
            for client in open { _ = try await client.read { _ in true } }
            #expect(open.allSatisfy { $0.status == 200 })
            let refused = try await api.send(.get, "/events/live", token: admin)
            #expect(refused.status == 429 && refused.problemType == "/problems/too-many-live-connections")
            #expect(refused.headers[.retryAfter] != nil)
            open.removeLast().disconnect()
            #expect(try await Self.statusOnceASlotIsFree(api, token: admin) == 200, "a closed connection gives its slot back")
        }
    }

    @Test func anIdleFeedSendsHeartbeats() async throws {
        var queries = QueryConfiguration()
        queries.liveFeed.heartbeatInterval = .milliseconds(300)
        try await APIHarness.run("http_live_heartbeat", queries: queries) { api in
            let head = try await api.log().last?.position ?? 0
            let client = try Self.feed(api, "/events/live?after=\(head)", token: try await api.token())
            var events: [SSEClient.Event] = []
            for _ in 0..<100 where client.heartbeats < 3 {
                events += try await client.read(within: .milliseconds(200)) { _ in false }
            }
            #expect(events.isEmpty && client.heartbeats >= 3, "\(client.heartbeats) heartbeats")
        }
    }

    @Test func sixteenConcurrentWritersNeverCauseASkipOrReorder() async throws {
        try await APIHarness.run("http_live_writers") { api in
            let admin = try await api.token()
            let head = try await api.log().last?.position ?? 0
            let client = try Self.feed(api, "/events/live?after=\(head)", token: admin)
            let writers = 16, appends = 20
            async let received = client.read(within: .seconds(90)) { $0.count >= writers * appends * 2 }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for writer in 0..<writers {
                    group.addTask {
                        for _ in 0..<appends { try await Self.append(api.store, "writer-\(writer)", 2) }
                    }
                }
                try await group.waitForAll()
            }
            let events = try await received
            let log = try await api.log().filter { $0.position > head }
            #expect(log.count == writers * appends * 2)
            #expect(events.map(\.id) == log.map { String($0.position) }, "the feed is the log: nothing skipped, nothing reordered")
            let positions = events.compactMap { $0.id.flatMap(Int64.init) }
            #expect(zip(positions, positions.dropFirst()).allSatisfy { $0 < $1 })
        }
    }

    @Test func aConsumerThatStopsReadingIsDisconnected() async throws {
        var queries = QueryConfiguration()
        queries.liveFeed.sendTimeout = .seconds(1)
        queries.liveFeed.maxConnectionsPerUser = 1
        try await APIHarness.run("http_live_slow", queries: queries) { api in
            let admin = try await api.token()
            // About 12 MB of events: far more than the socket buffers hold.
            for batch in 0..<4 { try await Self.append(api.store, "bulk-\(batch)", 50, padding: 60_000) }
            let residentBefore = Self.residentMegabytes()
            let stalled = try Self.feed(api, token: admin, receiveBuffer: 4096)
            try await Task.sleep(for: .seconds(4))  // not reading
            let residentStalled = Self.residentMegabytes()
            // Still not reading: however long a loaded machine takes to fill the socket buffers,
            // the server gives up on the stalled client and its slot (this user's only one) comes
            // back, so another connection of the same user is served.
            var served: [SSEClient.Event] = []
            let deadline = ContinuousClock.now + .seconds(90)
            while served.isEmpty, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(250))
                let other = try Self.feed(api, "/events/live?type=UserRegistered", token: admin)
                served = try await other.read(within: .seconds(5)) { !$0.isEmpty }
            }
            #expect(served.count == 1, "the stalled client kept its slot")
            let received = try await stalled.drainUntilClosed(within: .seconds(10))
            #expect(received < 12_000_000, "the server gave up on the stalled client after \(received) bytes")
            #expect(residentStalled - residentBefore < 100, "memory grew \(residentStalled - residentBefore) MB")
        }
    }

    /// The status of a new feed connection, retried for up to 4 s until one is served (a slot given back).
    static func statusOnceASlotIsFree(_ api: APIHarness, token: String) async throws -> Int {
        var status = 0
        for _ in 0..<40 where status != 200 {
            try await Task.sleep(for: .milliseconds(100))
            let again = try feed(api, token: token)
            _ = try await again.read(within: .seconds(1)) { _ in true }
            status = again.status
        }
        return status
    }

    /// This process's resident memory in MB (the server runs in it).
    static func residentMegabytes() -> Int {
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
        return (Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0) / 1024
    }
}
