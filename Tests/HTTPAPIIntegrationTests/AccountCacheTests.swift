import Foundation
@testable import HTTPAPI
import HummingbirdTesting
import Logging
import NIOCore
import Testing

/// Authentication keeps each user's role and status in memory; these tests pin down when a
/// change reaches that memory.
@Suite("The account cache behind authentication")
struct AccountCacheTests {
    @Test func changesMadeThroughThisServerApplyAtOnceWhateverTheCacheLifetime() async throws {
        try await APIHarness.run("http_acache_local", configure: { $0.accountCacheLifetime = .seconds(3600) }) { api in
            let admin = try await api.token()
            let alice = try await api.customer("alice")
            try await api.catchUp()
            #expect(try await api.send(.get, "/users/\(alice.id)", token: alice.token).status == 200)
            #expect(try await api.send(.get, "/users", token: alice.token).status == 403)

            #expect(try await api.send(.post, "/users/\(alice.id)/role", json: #"{"role":"admin"}"#, token: admin).status == 200)
            #expect(try await api.send(.get, "/users", token: alice.token).status == 200, "the cached customer role is gone")
            #expect(try await api.send(.post, "/users/\(alice.id)/deactivate", token: admin).status == 200)
            #expect(try await api.send(.get, "/users/\(alice.id)", token: alice.token).status == 401, "the cached active status is gone")
        }
    }

    @Test func changesMadeByAnotherServerApplyOnceTheEntryExpires() async throws {
        for lifetime in [Duration.zero, .seconds(3600)] {
            try await APIHarness.run("http_acache_remote", configure: { $0.accountCacheLifetime = lifetime }) { api in
                let alice = try await api.customer("alice")
                try await api.catchUp()
                #expect(try await api.send(.get, "/users/\(alice.id)", token: alice.token).status == 200)

                try await api.onAnotherServer { other in
                    let deactivated = try await other.send(.post, "/users/\(alice.id)/deactivate")
                    #expect(deactivated.status == .ok)
                }
                let status = try await api.send(.get, "/users/\(alice.id)", token: alice.token).status
                if lifetime == .zero {
                    #expect(status == 401, "without caching the other server's change applies at once")
                } else {
                    #expect(status == 200, "within the lifetime this server still uses what it read before the change")
                }
            }
        }
    }

    @Test func aRoleChangeRacingConcurrentSignInsIsNeverLostFromTheCache() async throws {
        try await APIHarness.run("http_acache_race", configure: { $0.accountCacheLifetime = .seconds(3600) }) { api in
            let admin = try await api.token()
            let alice = try await api.customer("alice")
            for round in 0..<12 {
                let role = round % 2 == 0 ? "admin" : "customer"
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for _ in 0..<8 {
                        group.addTask { _ = try await api.send(.get, "/users", token: alice.token) }
                    }
                    group.addTask {
                        let changed = try await api.send(.post, "/users/\(alice.id)/role", json: #"{"role":"\#(role)"}"#, token: admin)
                        #expect(changed.status == 200)
                    }
                    try await group.waitForAll()
                }
                let after = try await api.send(.get, "/users", token: alice.token).status
                #expect(after == (role == "admin" ? 200 : 403), "round \(round): role \(role)")
            }
        }
    }

    @Test func aStreamReadThatOverlapsAnInvalidationIsNotKept() async throws {
        let cache = AccountCache(lifetime: .seconds(3600), capacity: 10)
        let stream = "user-\(UUID().uuidString.lowercased())"
        let overlapping = try await cache.account(of: stream) {
            cache.invalidate([stream])
            return AccountCache.Account(role: .customer, isActive: true)
        }
        #expect(overlapping.role == .customer, "the request that read it uses what it read")
        let next = try await cache.account(of: stream) { AccountCache.Account(role: .admin, isActive: true) }
        #expect(next.role == .admin, "the next request reads the stream again")
        let cached = try await cache.account(of: stream) { AccountCache.Account(role: .auditor, isActive: false) }
        #expect(cached == next, "a read that did not overlap an invalidation is kept")
        cache.invalidate(["inventory-SKU-1", "order-\(UUID().uuidString.lowercased())"])
        #expect(try await cache.account(of: stream) { AccountCache.Account(role: .auditor, isActive: false) } == next,
                "appends to other streams leave users alone")
    }
}
