import Foundation
import HTTPAPI
import HTTPTypes
import Logging
import NexusTestSupport
import PostgresNIO
import Projections
import ServiceLifecycle
import Testing

/// The read cache behind `GET /products/{sku}`, `GET /stock/{sku}` and `GET /categories`, with
/// real PostgreSQL: read-your-writes past a cached entry, and a dropped `LISTEN` connection.
/// (``ProjectionWorkerTests`` checks a worker's invalidation of its own process's cache and,
/// through `NOTIFY`, of another's.)
@Suite("Read cache over the query API")
struct ReadCacheTests {
    /// The harness's `catchUp()` announces nothing: a cached entry stays until something else
    /// removes it, as when a notification is late. `minPosition` must still see the change.
    @Test func aChangeIsVisibleOnTheNextReadWithMinPositionPastTheCachedEntry() async throws {
        let cache = ReadCache(capacity: 100)
        cache.listening()
        try await APIHarness.run("http_read_cache_ryw", readCache: cache) { api in
            let admin = try await api.token()
            try await api.product("RC-1", stock: 3, admin: admin)
            try await api.catchUp()
            let first = try await api.send(.get, "/products/RC-1", token: admin)
            #expect(first.status == 200)
            let tag = try #require(first.headers[.eTag])
            #expect(cache.count == 1)

            let again = try await api.send(.get, "/products/RC-1", token: admin, headers: [.ifNoneMatch: tag])
            #expect(again.status == 304, "If-None-Match is answered from the cached entry's tag")
            #expect(again.headers[.readPosition] == first.headers[.readPosition])
            let customer = try await api.customer("reader")
            let asCustomer = try await api.send(.get, "/products/RC-1", token: customer.token)
            #expect(asCustomer.status == 200)
            #expect(asCustomer.body == first.body)

            let renamed = try await api.send(.patch, "/products/RC-1", json: #"{"name":"Renamed"}"#, token: admin)
            let position = try #require(renamed.int("position"))
            try await api.catchUp()
            let fresh = try await api.send(.get, "/products/RC-1?minPosition=\(position)", token: admin)
            #expect(fresh.status == 200)
            #expect(fresh.string("name") == "Renamed", "an entry read before the change must not answer minPosition \(position)")
            #expect(Int(try #require(fresh.headers[.readPosition])) ?? 0 >= position)
            #expect(fresh.headers[.eTag] != tag)
            let next = try await api.send(.get, "/products/RC-1", token: admin)
            #expect(next.string("name") == "Renamed", "the fresher read replaced the entry")
        }
    }

    /// A change whose notification is lost while the `LISTEN` connection is down must not leave
    /// the old entry served once the listener is back.
    @Test func aDroppedListenConnectionLeavesNoStaleEntryServed() async throws {
        let cache = ReadCache(capacity: 100)
        try await APIHarness.run("http_read_cache_drop", readCache: cache) { api in
            let client = api.store.client
            let logger = Logger(label: "nexus.test.read-cache")
            let listener = ReadCacheListener(cache: cache, client: client, logger: logger)
            let listening = Task { try await listener.run() }
            defer { listening.cancel() }
            try await TestServices.eventually(within: .seconds(60)) { cache.isEnabled }

            let admin = try await api.token()
            try await api.product("DROP-1", stock: 3, admin: admin)
            try await api.catchUp()
            #expect(try await api.send(.get, "/stock/DROP-1", token: admin).int("onHand") == 3)
            #expect(cache.count == 1)

            // The change is applied without a notification, as if it was sent while the connection was down.
            let received = try await api.send(.post, "/inventory/DROP-1/receipts", json: #"{"quantity":5}"#, token: admin)
            #expect(received.status == 200 || received.status == 201)
            try await api.catchUp()
            #expect(try await api.send(.get, "/stock/DROP-1", token: admin).int("onHand") == 3, "cached until invalidated")

            let killed = try await client.query(
                """
                SELECT count(pg_terminate_backend(pid))::int8 FROM pg_stat_activity
                 WHERE datname = current_database() AND query LIKE 'LISTEN%' AND pid <> pg_backend_pid()
                """, logger: logger)
            for try await count in killed.decode(Int64.self) { #expect(count == 1) }
            try await TestServices.eventually(within: .seconds(60)) {
                try await api.send(.get, "/stock/DROP-1", token: admin).int("onHand") == 8
            }
            try await TestServices.eventually(within: .seconds(60)) { cache.isEnabled }
            #expect(try await api.send(.get, "/stock/DROP-1", token: admin).int("onHand") == 8)
        }
    }
}
