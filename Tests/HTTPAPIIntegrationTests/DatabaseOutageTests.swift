import EventStorePostgres
import Foundation
import HTTPTypes
import NexusTestSupport
import Testing

@Suite("Commands and queries while PostgreSQL is down")
struct DatabaseOutageTests {
    /// Before deadlines, a command and a query sent while the database was down were both
    /// answered 200 only once it was back (34.8 s for a 30 s outage); clients with a timeout got
    /// nothing. Now each answers 503 with `Retry-After` within the deadline, the withdrawn
    /// command is never written, and commands succeed again once the database is back.
    @Test("a command and a query answer 503 with Retry-After within the deadline; nothing withdrawn appears; commands succeed after the restart",
          .timeLimit(.minutes(3)))
    func outage() async throws {
        try await PrivateCluster.with { cluster in
            try await APIHarness.run("outage", database: cluster.database) { api in try await Self.outage(api, cluster) }
        }
    }

    private static func outage(_ api: APIHarness, _ cluster: PrivateCluster) async throws {
        let deadline = PostgresDeadlines().connectionWait
        let admin = try await api.token()
        try await api.product("SKU-OUTAGE", stock: 5, admin: admin)
        let receipts = { @Sendable in try await api.log().filter { $0.stream.rawValue == "inventory-SKU-OUTAGE" }.count }
        #expect(try await receipts() == 1)

        try await cluster.crash()
        let command = Task { try await timed { try await api.send(.post, "/inventory/SKU-OUTAGE/receipts", json: #"{"quantity":3}"#, token: admin, headers: key("during-outage")) } }
        let query = Task { try await timed { try await api.send(.get, "/products/SKU-OUTAGE", token: admin) } }
        // Long enough for both to have been answered; the database then comes back whatever they did.
        try await Task.sleep(for: deadline + .seconds(4))
        try await cluster.restart()
        for (name, task) in [("command", command), ("query", query)] {
            let (reply, elapsed) = try await task.value
            #expect(reply.status == 503, "\(name) during the outage: \(reply.status) \(reply.text)")
            #expect(reply.headers[.retryAfter] != nil, "\(name): no Retry-After")
            #expect(elapsed <= deadline + .seconds(2), "\(name) answered after \(elapsed)")
        }

        // Commands succeed again once the database is back, without restarting anything.
        try await TestServices.eventually(within: .seconds(60)) {
            try await api.send(.post, "/inventory/SKU-OUTAGE/receipts", json: #"{"quantity":1}"#, token: admin, headers: key("after-restart")).status == 200
        }
        try await Task.sleep(for: .seconds(1))
        #expect(try await receipts() == 2, "the command answered 503 was written after all")
        // Its retry with the same key applies once, and only once.
        let retry = try await api.send(.post, "/inventory/SKU-OUTAGE/receipts", json: #"{"quantity":3}"#, token: admin, headers: key("during-outage"))
        let again = try await api.send(.post, "/inventory/SKU-OUTAGE/receipts", json: #"{"quantity":3}"#, token: admin, headers: key("during-outage"))
        #expect(retry.status == 200 && again.status == 200, "\(retry.text) \(again.text)")
        #expect(retry.int("position") == again.int("position"))
        #expect(try await receipts() == 3)
    }

    private static func key(_ value: String) -> HTTPFields { [HTTPField.Name("Idempotency-Key")!: value] }

    private static func timed(_ body: () async throws -> APIReply) async throws -> (APIReply, Duration) {
        let start = ContinuousClock.now
        let reply = try await body()
        return (reply, ContinuousClock.now - start)
    }
}
