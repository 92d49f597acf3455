import EventStore
import Foundation
@testable import HTTPAPI
import HummingbirdBcrypt
import Logging
import NexusEvents
import Privacy
import Synchronization
import Testing

@Suite("Credentials: rules, change, reset, throttling, one sign-in path")
struct CredentialTests {
    @Test(arguments: [#"abc\u0000defgh-secret"#, "tab\\tinside-password", String(repeating: "p", count: 73)])
    func passwordsBcryptWouldCutShortAreRefusedAndNothingIsWritten(password: String) async throws {
        try await APIHarness.run("http_pw_rules") { api in
            let before = try await api.log().count
            let reply = try await api.send(.post, "/users", json: #"{"email":"nul-\#(UUID())@example.com","password":"\#(password)","name":"Nul"}"#)
            #expect(reply.status == 422, "\(reply.text)")
            #expect(reply.problemFields == ["password"])
            #expect(try await api.log().count == before)
        }
    }

    @Test func noPasswordHashReachesTheLogOrTheHistory() async throws {
        try await APIHarness.run("http_pw_log") { api in
            _ = try await api.customer("hashless")
            let stored = try await api.log().map { String(decoding: $0.data, as: UTF8.self) }
            #expect(!stored.isEmpty && stored.allSatisfy { !$0.contains("$2b$") && !$0.contains("passwordHash") })
            let history = try await api.send(.get, "/events", token: try await api.token())
            #expect(history.status == 200 && !history.text.contains("$2b$") && !history.text.contains("passwordHash"))
        }
    }

    @Test func aChangedPasswordRevokesOlderTokensAndOnlyTheNewPasswordSignsIn() async throws {
        try await APIHarness.run("http_pw_change") { api in
            let customer = try await api.customer("changer")
            let path = "/users/\(customer.id)/password"
            let wrong = try await api.send(.post, path, json: #"{"currentPassword":"not-it-at-all","newPassword":"brand-new-password"}"#, token: customer.token)
            #expect(wrong.status == 422 && wrong.problemFields == ["currentPassword"], "\(wrong.text)")
            let other = try await api.customer("bystander")
            #expect(try await api.send(.post, path, json: #"{"currentPassword":"password-changer","newPassword":"brand-new-password"}"#, token: other.token).status == 403)
            let changed = try await api.send(.post, path, json: #"{"currentPassword":"password-changer","newPassword":"brand-new-password"}"#, token: customer.token)
            #expect(changed.status == 200, "\(changed.text)")
            #expect(try await api.send(.get, "/users/\(customer.id)", token: customer.token).status == 401)
            #expect(try await api.send(.post, "/auth/token", json: #"{"email":"\#(customer.email)","password":"password-changer"}"#).status == 401)
            let fresh = try await api.token(customer.email, password: "brand-new-password")
            try await api.catchUp()
            #expect(try await api.send(.get, "/users/\(customer.id)", token: fresh).status == 200)
            let event = try #require(try await api.log().last { $0.type == UserPasswordChanged.eventType })
            #expect(!String(decoding: event.data, as: UTF8.self).contains("$2"))
        }
    }

    @Test func anAdminResetRevokesTheUsersTokens() async throws {
        try await APIHarness.run("http_pw_reset") { api in
            let customer = try await api.customer("forgetful")
            let path = "/users/\(customer.id)/password-reset"
            #expect(try await api.send(.post, path, json: #"{"newPassword":"set-by-the-admin"}"#, token: customer.token).status == 403)
            let reset = try await api.send(.post, path, json: #"{"newPassword":"set-by-the-admin"}"#, token: try await api.token())
            #expect(reset.status == 200, "\(reset.text)")
            #expect(try await api.send(.get, "/users/\(customer.id)", token: customer.token).status == 401)
            _ = try await api.token(customer.email, password: "set-by-the-admin")
        }
    }

    @Test func failedSignInsAreThrottledPerAccountWhetherOrNotTheEmailExists() async throws {
        try await APIHarness.run("http_pw_throttle") { api in
            let customer = try await api.customer("guessed")
            for email in [customer.email, "nobody-\(UUID())@example.com"] {
                for _ in 0..<5 {
                    #expect(try await api.send(.post, "/auth/token", json: #"{"email":"\#(email)","password":"wrong-guess-1"}"#).status == 401)
                }
                let throttled = try await api.send(.post, "/auth/token", json: #"{"email":"\#(email)","password":"password-guessed"}"#)
                #expect(throttled.status == 429, "\(throttled.text)")
                #expect((throttled.headers[.retryAfter].flatMap(Int.init) ?? 0) > 0)
                #expect(throttled.problemType == "/problems/sign-in-throttled")
            }
            _ = try await api.token()
        }
    }

    @Test func unknownEmailsWrongPasswordsAndBadPasswordsRunExactlyOneVerification() async throws {
        try await APIHarness.run("http_pw_path") { api in
            let customer = try await api.customer("timed")
            let calls = Mutex<[(password: String, hash: String)]>([])
            let decoy = Bcrypt.hash("decoy-password", cost: 4)
            let executor = CommandExecutor(
                store: PersonalDataEventStore(base: api.store, vault: api.privacy.vault), maxAttempts: 1,
                accounts: AccountCache(lifetime: .zero, capacity: 10), states: StreamStates(capacity: 10),
                logger: Logger(label: "sign-in-path"))
            let signIn = SignIn(executor: executor, privacy: api.privacy, decoyHash: decoy) { password, hash in
                calls.withLock { $0.append((password, hash)) }
                return Bcrypt.verify(password, hash: hash)
            }
            func attempt(_ email: String, _ password: String) async throws -> (SignIn.Outcome, [(password: String, hash: String)]) {
                calls.withLock { $0.removeAll() }
                let outcome = try await signIn.attempt(email: email, password: password)
                return (outcome, calls.withLock { $0 })
            }
            let unknown = try await attempt("ghost-\(UUID())@example.com", "password-timed")
            #expect(unknown.0 == .rejected && unknown.1.count == 1 && unknown.1[0].hash == decoy)
            let wrong = try await attempt(customer.email, "not-the-password")
            #expect(wrong.0 == .rejected && wrong.1.count == 1 && wrong.1[0].hash != decoy)
            let unusable = try await attempt(customer.email, "password-timed\u{0}")
            #expect(unusable.0 == .rejected && unusable.1.count == 1 && unusable.1[0].password == "")
            let right = try await attempt(customer.email, "password-timed")
            #expect(right.1.count == 1)
            guard case .signedIn(let principal) = right.0 else { Issue.record("not signed in: \(right.0)"); return }
            #expect(principal.userId.uuidString.lowercased() == customer.id)
        }
    }
}
