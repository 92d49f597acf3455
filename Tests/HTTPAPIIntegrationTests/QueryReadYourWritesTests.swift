import Foundation
import HTTPAPI
import HTTPTypes
import Logging
import Projections
import Testing

@Suite("Read-your-writes over the query API")
struct QueryReadYourWritesTests {
    @Test func aQueryWithMinPositionWaitsUntilTheProjectionHasAppliedIt() async throws {
        var queries = QueryConfiguration()
        queries.maxWait = .seconds(30)
        try await APIHarness.run("http_query_ryw_wait", queries: queries) { api in
            let (admin, position) = try await Self.receiptOfFive(after: 3, sku: "RYW-1", in: api)

            let before = try await api.send(.get, "/stock/RYW-1", token: admin)
            #expect(before.int("onHand") == 3, "without minPosition the read model answers at once")
            #expect(Int(try #require(before.headers[.readPosition])) ?? .max < position)

            async let waited = api.send(.get, "/stock/RYW-1?minPosition=\(position)", token: admin)
            try await api.catchUp()
            let reply = try await waited
            #expect(reply.status == 200)
            #expect(reply.int("onHand") == 8)
            #expect(Int(try #require(reply.headers[.readPosition])) ?? 0 >= position)
        }
    }

    @Test func aWaitingQueryIsWokenByAProjectionCommitNotByItsPoll() async throws {
        var queries = QueryConfiguration()
        queries.maxWait = .seconds(30)
        queries.signalledPollInterval = .seconds(3600)
        let commits = ProjectionCommits()
        let stock = StockProjection().name
        try await APIHarness.run("http_query_ryw_wake", queries: queries, commits: commits) { api in
            let (admin, position) = try await Self.receiptOfFive(after: 3, sku: "WAKE-1", in: api)

            async let waited = api.send(.get, "/stock/WAKE-1?minPosition=\(position)", token: admin)
            let hangGuard = ContinuousClock.now + .seconds(30)
            while commits.waiters(of: stock) == 0, ContinuousClock.now < hangGuard { try await Task.sleep(for: .milliseconds(1)) }
            try await api.catchUp()
            commits.committed(stock)
            let reply = try await waited
            #expect(reply.status == 200, "with an hour between polls only the commit signal can have woken it")
            #expect(reply.int("onHand") == 8)
        }
    }

    @Test func aBatchAppliedWithoutASignalHereIsSeenByThePoll() async throws {
        var queries = QueryConfiguration()
        queries.maxWait = .seconds(30)
        queries.signalledPollInterval = .milliseconds(20)
        let commits = ProjectionCommits()
        try await APIHarness.run("http_query_ryw_poll", queries: queries, commits: commits) { api in
            let (admin, position) = try await Self.receiptOfFive(after: 3, sku: "POLL-1", in: api)

            async let waited = api.send(.get, "/stock/POLL-1?minPosition=\(position)", token: admin)
            let hangGuard = ContinuousClock.now + .seconds(30)
            while commits.waiters(of: StockProjection().name) == 0, ContinuousClock.now < hangGuard { try await Task.sleep(for: .milliseconds(1)) }
            try await api.catchUp()  // as a worker of another process would: no commit signal here
            let reply = try await waited
            #expect(reply.status == 200)
            #expect(reply.int("onHand") == 8)
        }
    }

    @Test("a minPosition beyond the log's head is 422 position-beyond-log at once, not a wait; the position just returned is waited for")
    func aPositionBeyondTheLogIsRefused() async throws {
        var queries = QueryConfiguration()
        queries.maxWait = .seconds(30)
        try await APIHarness.run("http_query_ryw_beyond", queries: queries) { api in
            let (admin, position) = try await Self.receiptOfFive(after: 3, sku: "BEYOND-1", in: api)
            let start = ContinuousClock.now
            let refused = try await api.send(.get, "/stock/BEYOND-1?minPosition=\(position + 1_000)", token: admin)
            #expect(refused.status == 422)
            #expect(refused.string("type")?.hasSuffix("position-beyond-log") == true, "\(refused.object)")
            #expect(ContinuousClock.now - start < .seconds(20))
            async let waited = api.send(.get, "/stock/BEYOND-1?minPosition=\(position)", token: admin)
            try await api.catchUp()
            #expect(try await waited.status == 200)
        }
    }

    @Test func aQueryWhoseProjectionStaysBehindIs503WithRetryAfter() async throws {
        var queries = QueryConfiguration()
        queries.maxWait = .milliseconds(100)
        try await APIHarness.run("http_query_ryw_503", queries: queries) { api in
            let admin = try await api.token()
            try await api.product("LAG-1", stock: 3, admin: admin)
            try await api.catchUp()
            let renamed = try await api.send(.patch, "/products/LAG-1", json: #"{"name":"Renamed"}"#, token: admin)
            #expect(renamed.status == 200)
            let position = try #require(renamed.int("position"))

            let stale = try await api.send(.get, "/products/LAG-1?minPosition=\(position)", token: admin)
            #expect(stale.status == 503)
            #expect(stale.isProblem)
            #expect(stale.problemType == "/problems/read-model-behind")
            #expect(stale.headers[.retryAfter] == "1")
            #expect(try await api.send(.get, "/products?minPosition=\(position)", token: admin).status == 503)

            let reached = try await api.send(.get, "/products/LAG-1?minPosition=\(position - 1)", token: admin)
            #expect(reached.status == 200, "positions the projection already applied are served at once")
            #expect(reached.string("name") == "Product LAG-1")

            try await api.catchUp()
            let fresh = try await api.send(.get, "/products/LAG-1?minPosition=\(position)", token: admin)
            #expect(fresh.status == 200)
            #expect(fresh.string("name") == "Renamed")
        }
    }

    @Test func aRebuiltGenerationServesMinPositionReadsToo() async throws {
        try await APIHarness.run("http_query_ryw_rebuild") { api in
            let admin = try await api.token()
            try await api.product("REB-1", stock: 1, admin: admin)
            try await api.catchUp()
            let renamed = try await api.send(.patch, "/products/REB-1", json: #"{"name":"Rebuilt"}"#, token: admin)
            let position = try #require(renamed.int("position"))
            let rebuilder = ProjectionRebuilder(client: api.store.client, store: api.store, logger: Logger(label: "nexus.http.test.rebuild"))
            let report = try await rebuilder.rebuild(ProductsProjection(), total: position)
            #expect(report.generation.number == 2)

            let reply = try await api.send(.get, "/products/REB-1?minPosition=\(position)", token: admin)
            #expect(reply.status == 200)
            #expect(reply.string("name") == "Rebuilt")
            #expect(Int(try #require(reply.headers[.readPosition])) ?? 0 >= position)
        }
    }

    @Test func theOpenAPIDocumentDescribesQueryParametersHeadersAnd304() async throws {
        try await APIHarness.run("http_query_openapi") { api in
            let paths = try #require(try await api.send(.get, "/openapi.json").object["paths"] as? [String: [String: Any]])
            let list = try #require(paths["/products"]?["get"] as? [String: Any])
            let names = ((list["parameters"] as? [[String: Any]]) ?? []).compactMap { $0["name"] as? String }
            #expect(Set(names) == ["category", "status", "minPrice", "maxPrice", "inStock", "q", "sort", "limit", "cursor", "minPosition"])
            let single = try #require(paths["/products/{sku}"]?["get"] as? [String: Any])
            let responses = try #require(single["responses"] as? [String: Any])
            #expect(Set(responses.keys).isSuperset(of: ["200", "304", "404", "503"]))
            let headers = ((responses["200"] as? [String: Any])?["headers"] as? [String: Any]) ?? [:]
            #expect(Set(headers.keys) == ["ETag", "Nexus-Read-Position"])
            #expect(paths["/events"]?["get"] != nil)
            #expect(paths["/streams/{stream}/events"]?["get"] != nil)
        }
    }

    /// Creates `sku` with `stock` units, applies the log, then receives 5 more units; returns
    /// the admin's token and the receipt's position (not yet applied).
    static func receiptOfFive(after stock: Int, sku: String, in api: APIHarness) async throws -> (String, Int) {
        let admin = try await api.token()
        try await api.product(sku, stock: stock, admin: admin)
        try await api.catchUp()
        let receipt = try await api.send(.post, "/inventory/\(sku)/receipts", json: #"{"quantity":5}"#, token: admin)
        return (admin, try #require(receipt.int("position")))
    }
}

extension HTTPField.Name {
    static let readPosition = Self("Nexus-Read-Position")!
}
