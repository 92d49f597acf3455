import EventStore
import EventStorePostgres
import Foundation
import HTTPAPI
import HummingbirdTesting
import Logging
import NIOCore
import NexusEvents
import NexusTestSupport
import Testing

/// The last active admin cannot be demoted or deactivated, whatever the timing, on databases
/// from before the admin roster too; a start-up with a bootstrap admin repairs a database that
/// has no active admin left.
@Suite("The last active admin over HTTP")
struct AdminGuardTests {
    @Test func theLastActiveAdminCannotDemoteOrDeactivateItself() async throws {
        try await APIHarness.run("http_last_admin") { api in
            let admin = try await api.token()
            let me = try #require(try await api.send(.post, "/auth/token", json: APIRequests.signIn(APIHarness.adminEmail, APIHarness.adminPassword)).string("userId"))
            let before = try await api.log().count
            for (path, json) in [("/users/\(me)/role", #"{"role":"customer"}"#), ("/users/\(me)/deactivate", nil)] {
                let reply = try await api.send(.post, path, json: json, token: admin)
                #expect(reply.status == 409, "\(path): \(reply.text)")
                #expect(reply.problemType == "/problems/last-active-admin", "\(reply.text)")
            }
            #expect(try await api.log().count == before)
            // With a second admin, either may go.
            let second = try await Self.admin("second", by: admin, in: api)
            #expect(try await api.send(.post, "/users/\(me)/deactivate", token: second.token).status == 200)
            #expect(try await api.send(.post, "/users/\(second.id)/role", json: #"{"role":"auditor"}"#, token: second.token).status == 409)
        }
    }

    @Test func twoAdminsRemovingEachOtherAtOnceLeaveOneAdmin() async throws {
        try await APIHarness.run("http_admin_race") { api in
            var survivor = try await api.token()
            var races = 0
            for round in 0..<12 {
                let newcomer = try await Self.admin("racer\(round)", by: survivor, in: api)
                let survivorId = try #require(try await Self.userId(of: survivor, in: api))
                let (demote, deactivate) = round % 2 == 0
                    ? (("/users/\(newcomer.id)/role", #"{"role":"customer"}"#), ("/users/\(survivorId)/role", #"{"role":"customer"}"#))
                    : (("/users/\(newcomer.id)/deactivate", nil as String?), ("/users/\(survivorId)/deactivate", nil as String?))
                let current = survivor
                async let first = api.send(.post, demote.0, json: demote.1, token: current)
                async let second = api.send(.post, deactivate.0, json: deactivate.1, token: newcomer.token)
                let replies = try await [first, second]
                // Exactly one wins. The other is refused: 409 when both were decided concurrently
                // (the roster's version check), or 403/401 when the first had already taken the
                // second caller's admin role away before its request was authorised.
                let statuses = replies.map(\.status)
                #expect(statuses.filter { $0 == 200 }.count == 1 && statuses.allSatisfy { [200, 401, 403, 409].contains($0) },
                        "round \(round): \(replies.map(\.text))")
                if let refused = replies.first(where: { $0.status == 409 }) {
                    races += 1
                    #expect(refused.problemType == "/problems/last-active-admin", "\(refused.text)")
                }
                if replies[1].status == 200 { survivor = newcomer.token }
                #expect(try await api.send(.post, "/categories", json: #"{"slug":"round-\#(round)","name":"R"}"#, token: survivor).status == 201,
                        "round \(round): an admin is left")
            }
            #expect(races > 0, "no round decided both requests concurrently")
        }
    }

    @Test func adminsRegisteredBeforeTheRosterExistedAreGuardedToo() async throws {
        try await APIHarness.run("http_admin_legacy", commandStore: { ForwardingEventStore.dropping(Streams.adminRoster, $0) }) { api in
            // Written the way a version from before the roster wrote them: no roster stream.
            let admin = try await api.token()
            let second = try await Self.admin("legacy", by: admin, in: api)
            let me = try #require(try await Self.userId(of: admin, in: api))
            #expect(try await api.store.readStream(StreamName(Streams.adminRoster)).isEmpty)
            try await api.onAnotherServer { other in
                #expect(try await other.send(.post, "/users/\(second.id)/role", json: #"{"role":"customer"}"#).status == .ok)
                let last = try await other.send(.post, "/users/\(me)/role", json: #"{"role":"customer"}"#)
                #expect(last.status == .conflict, "\(String(buffer: last.body))")
            }
            let roster = try await api.store.readStream(StreamName(Streams.adminRoster))
            #expect(roster.count == 3, "created with both admins, then the second left")
        }
    }

    @Test func aStartWithTheBootstrapAdminRepairsADatabaseWithoutActiveAdmins() async throws {
        try await APIHarness.run("http_admin_repair", commandStore: { ForwardingEventStore.dropping(Streams.adminRoster, $0) }) { api in
            let admin = try await api.token()
            let me = try #require(try await Self.userId(of: admin, in: api))
            // Locked out as an older version allowed: the only admin demoted itself.
            try await Self.appendAsOlderVersion(.userRoleChanged(UserRoleChanged(userId: me, role: .customer)), to: api.store)
            try await Self.restart(api, bootstrap: APIHarness.adminEmail, password: APIHarness.adminPassword) { client in
                let token = try await Self.token(APIHarness.adminEmail, APIHarness.adminPassword, client)
                #expect(token.role == "admin", "the bootstrap admin is an admin again")
                let created = try await client.executeRequest(
                    uri: "/categories", method: .post, headers: [.contentType: "application/json", .authorization: "Bearer \(token.token)"],
                    body: ByteBuffer(string: #"{"slug":"repaired","name":"Repaired"}"#))
                #expect(created.status == .created)
            }
            // Deactivated, it cannot come back; another bootstrap email registers a new admin.
            try await Self.appendAsOlderVersion(.userDeactivated(UserDeactivated(userId: me, deactivatedAt: Date())), to: api.store)
            try await Self.restart(api, bootstrap: APIHarness.adminEmail, password: APIHarness.adminPassword) { client in
                let reply = try await client.executeRequest(
                    uri: "/auth/token", method: .post, headers: [.contentType: "application/json"],
                    body: ByteBuffer(string: APIRequests.signIn(APIHarness.adminEmail, APIHarness.adminPassword)))
                #expect(reply.status == .unauthorized)
            }
            try await Self.restart(api, bootstrap: "rescue@nexus.test", password: "rescue-password") { client in
                let rescued = try await Self.token("rescue@nexus.test", "rescue-password", client)
                #expect(rescued.role == "admin")
            }
        }
    }

    // MARK: helpers

    /// Registers an admin (by `token`'s admin) and signs them in.
    static func admin(_ name: String, by token: String, in api: APIHarness) async throws -> (id: String, token: String) {
        let email = "\(name)-\(UUID().uuidString.prefix(8).lowercased())@example.com"
        let created = try await api.send(
            .post, "/users", json: #"{"email":"\#(email)","password":"password-\#(name)","name":"\#(name)","role":"admin"}"#, token: token)
        guard created.status == 201, let id = created.string("id") else { throw HarnessError(message: "admin: \(created.text)") }
        return (id, try await api.token(email, password: "password-\(name)"))
    }

    static func userId(of token: String, in api: APIHarness) async throws -> UUID? {
        let payload = token.split(separator: ".")[1]
        var base64 = payload.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        let claims = try JSONSerialization.jsonObject(with: Data(base64Encoded: base64) ?? Data()) as? [String: Any]
        return (claims?["sub"] as? String).flatMap(UUID.init(uuidString:))
    }

    static func appendAsOlderVersion(_ event: NexusEvent, to store: PostgresEventStore) async throws {
        _ = try await store.append(AppendRequest(
            stream: try StreamName(event.streamName), expectedVersion: .any,
            events: [EventData(type: event.eventType, schemaVersion: event.schemaVersion, data: event.encodedData())]))
    }

    /// Starts another server over the harness's store with `bootstrap` as its bootstrap admin.
    static func restart(
        _ api: APIHarness, bootstrap email: String, password: String, _ body: @Sendable (any TestClientProtocol) async throws -> Void
    ) async throws {
        var configuration = HTTPServerConfiguration(jwtSecret: APIHarness.secret)
        configuration.port = 0
        configuration.bcryptCost = 4
        configuration.bootstrapAdmin = .init(email: email, password: password)
        let restarted = try await NexusAPI.build(configuration: configuration, store: api.store, privacy: api.privacy, logger: Logger(label: "restart"))
        try await restarted.application.test(.ahc(.http), body)
    }

    static func token(_ email: String, _ password: String, _ client: any TestClientProtocol) async throws -> (token: String, role: String?) {
        let reply = try await client.signIn(email, password: password)
        guard let token = reply.string("accessToken") else { throw HarnessError(message: "sign-in \(email): \(reply.status)") }
        return (token, reply.string("role"))
    }
}
