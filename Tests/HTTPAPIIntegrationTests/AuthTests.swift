import Foundation
import HummingbirdTesting
import Logging
import NIOCore
@testable import HTTPAPI
import NexusEvents
import Testing

@Suite("Authentication and roles over HTTP")
struct AuthTests {
    @Test func signInChecksThePasswordAndTheTokenCarriesTheRole() async throws {
        try await APIHarness.run("http_auth") { api in
            let wrong = try await api.send(.post, "/auth/token", json: #"{"email":"\#(APIHarness.adminEmail)","password":"nope-nope"}"#)
            #expect(wrong.status == 401)
            let unknown = try await api.send(.post, "/auth/token", json: #"{"email":"ghost@example.com","password":"whatever1"}"#)
            #expect(unknown.status == 401)
            let ok = try await api.send(.post, "/auth/token", json: #"{"email":"ADMIN@nexus.test","password":"\#(APIHarness.adminPassword)"}"#)
            #expect(ok.status == 200)
            #expect(ok.string("role") == "admin")
            #expect(ok.string("tokenType") == "Bearer")
        }
    }

    @Test func theBootstrapAdminIsCreatedOnceAcrossRestarts() async throws {
        try await APIHarness.run("http_bootstrap") { api in
            var configuration = HTTPServerConfiguration(jwtSecret: APIHarness.secret)
            configuration.port = 0
            configuration.bcryptCost = 4
            configuration.bootstrapAdmin = .init(email: APIHarness.adminEmail, password: APIHarness.adminPassword)
            let restarted = try await NexusAPI.build(configuration: configuration, store: api.store, privacy: api.privacy, logger: Logger(label: "restart"))
            try await restarted.application.test(.ahc(.http)) { client in
                let reply = try await client.executeRequest(
                    uri: "/auth/token", method: .post, headers: [.contentType: "application/json"],
                    body: ByteBuffer(string: #"{"email":"\#(APIHarness.adminEmail)","password":"\#(APIHarness.adminPassword)"}"#))
                #expect(reply.status == .ok)
            }
            #expect(try await api.log().filter { $0.type == "UserRegistered" }.count == 1)
        }
    }

    @Test func forgedAndExpiredTokensAreRefused() async throws {
        try await APIHarness.run("http_tokens") { api in
            let admin = try await api.token()
            let signIn = try await api.send(
                .post, "/auth/token", json: #"{"email":"\#(APIHarness.adminEmail)","password":"\#(APIHarness.adminPassword)"}"#)
            let userId = try #require(UUID(uuidString: signIn.string("userId") ?? ""))
            let forger = await TokenService(secret: "another-secret-another-secret-0123456789", lifetime: .seconds(3600))
            let forged = try await forger.issue(for: Principal(userId: userId, role: .admin)).token
            let signer = await TokenService(secret: APIHarness.secret, lifetime: .seconds(3600))
            let expired = try await signer.issue(for: Principal(userId: userId, role: .admin), now: Date(timeIntervalSinceNow: -7200)).token
            let body = #"{"slug":"tokens","name":"Tokens"}"#
            #expect(try await api.send(.post, "/categories", json: body, token: forged).status == 401)
            #expect(try await api.send(.post, "/categories", json: body, token: expired).status == 401)
            let tampered = String(admin.dropLast(2)) + (admin.hasSuffix("AA") ? "BB" : "AA")
            #expect(try await api.send(.post, "/categories", json: body, token: tampered).status == 401)
            #expect(try await api.send(.post, "/categories", json: body, token: admin).status == 201)
        }
    }

    @Test func rolesGateEveryArea() async throws {
        try await APIHarness.run("http_roles") { api in
            let admin = try await api.token()
            try await api.product("ROLE-1", stock: 10, admin: admin)
            let alice = try await api.customer("alice")
            let bob = try await api.customer("bob")
            let auditorEmail = "audit-\(UUID().uuidString.prefix(6).lowercased())@example.com"
            let created = try await api.send(.post, "/users", json: #"{"email":"\#(auditorEmail)","password":"auditor-pw","name":"Audrey","role":"auditor"}"#, token: admin)
            #expect(created.status == 201)
            let auditor = try await api.token(auditorEmail, password: "auditor-pw")

            let selfPromotion = try await api.send(.post, "/users", json: #"{"email":"mallory@example.com","password":"mallory-pw","name":"M","role":"admin"}"#)
            #expect(selfPromotion.status == 401)
            #expect(try await api.send(.post, "/inventory/ROLE-1/receipts", json: #"{"quantity":1}"#, token: alice.token).status == 403)
            #expect(try await api.send(.post, "/orders", json: #"{"lines":[{"sku":"ROLE-1","quantity":1}]}"#, token: auditor).status == 403)

            let order = try await api.send(.post, "/orders", json: #"{"lines":[{"sku":"ROLE-1","quantity":2}]}"#, token: alice.token)
            #expect(order.status == 201)
            let orderId = try #require(order.string("id"))
            #expect(try await api.send(.post, "/orders/\(orderId)/cancel", json: #"{"reason":"mine now"}"#, token: bob.token).status == 403)
            #expect(try await api.send(.post, "/orders/\(orderId)/ship", token: alice.token).status == 403)
            let forBob = try await api.send(.post, "/orders", json: #"{"lines":[{"sku":"ROLE-1","quantity":1}],"customerId":"\#(bob.id)"}"#, token: alice.token)
            #expect(forBob.status == 403)
            #expect(try await api.send(.patch, "/users/\(bob.id)", json: #"{"name":"Bobby"}"#, token: alice.token).status == 403)
            #expect(try await api.send(.patch, "/users/\(alice.id)", json: #"{"name":"Alicia"}"#, token: alice.token).status == 200)
            #expect(try await api.send(.post, "/orders/\(orderId)/cancel", json: #"{"reason":"changed my mind"}"#, token: alice.token).status == 200)

            #expect(try await api.send(.post, "/users/\(alice.id)/role", json: #"{"role":"auditor"}"#, token: admin).status == 200)
            #expect(try await api.send(.post, "/orders", json: #"{"lines":[{"sku":"ROLE-1","quantity":1}]}"#, token: alice.token).status == 403,
                    "a role change applies to tokens issued before it")
            #expect(try await api.send(.post, "/users/\(bob.id)/deactivate", token: admin).status == 200)
            #expect(try await api.send(.patch, "/users/\(bob.id)", json: #"{"name":"Robert"}"#, token: bob.token).status == 401,
                    "a deactivated user's token stops working")
            let signIn = try await api.send(.post, "/auth/token", json: #"{"email":"\#(bob.email)","password":"password-bob"}"#)
            #expect(signIn.status == 401)
        }
    }
}
