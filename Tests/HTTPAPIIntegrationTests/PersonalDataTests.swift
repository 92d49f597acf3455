import Crypto
import EventStore
import EventStorePostgres
import Foundation
import HummingbirdBcrypt
import NexusEvents
import Privacy
import Testing

@Suite("Personal data over HTTP: sealed in the log, revealed to readers, erasable; legacy events")
struct PersonalDataTests {
    @Test func personalFieldsAreSealedInTheLogAndRevealedToReaders() async throws {
        try await APIHarness.run("http_pd_sealed") { api in
            let customer = try await api.customer("Sealy")
            let stored = try await api.log().filter { $0.stream.rawValue == "user-\(customer.id)" }
            let text = stored.map { String(decoding: $0.data, as: UTF8.self) }.joined()
            let email = customer.email.lowercased()
            #expect(!text.contains(email) && !text.contains("Sealy") && text.contains("pd1.\(customer.id)."))
            let reservation = try #require(try await api.log().first {
                $0.stream.category == "useremail" && String(decoding: $0.data, as: UTF8.self).lowercased().contains(customer.id)
            })
            #expect(reservation.stream.rawValue == "useremail-\(api.privacy.emailLookup.key(for: customer.email))")
            #expect(!String(decoding: reservation.data, as: UTF8.self).contains(email))
            let admin = try await api.token()
            let history = try await api.send(.get, "/streams/user-\(customer.id)/events", token: admin)
            #expect(history.text.contains(email) && history.text.contains("Sealy"), "\(history.text)")
            try await api.catchUp()
            let user = try await api.send(.get, "/users/\(customer.id)", token: customer.token)
            #expect(user.string("email") == email && user.string("name") == "Sealy", "\(user.text)")
        }
    }

    @Test func erasureMarksEveryReaderFreesTheEmailAndKeepsTheChain() async throws {
        try await APIHarness.run("http_pd_erase") { api in
            let admin = try await api.token()
            let customer = try await api.customer("Gone")
            let keeper = try await api.customer("Stays")
            #expect(try await api.send(.post, "/users/\(customer.id)/erasure", token: keeper.token).status == 403)
            let erased = try await api.send(.post, "/users/\(customer.id)/erasure", token: admin)
            #expect(erased.status == 200, "\(erased.text)")
            #expect(erased.int("eventsWithPersonalDataInClear") == 0)
            #expect(try await api.send(.post, "/users/\(customer.id)/erasure", token: admin).status == 200, "idempotent")
            #expect(try await api.send(.get, "/users/\(customer.id)", token: customer.token).status == 401)
            try await api.catchUp()
            let view = try await api.send(.get, "/users/\(customer.id)", token: admin)
            #expect(view.string("email") == PersonalData.erasedMarker && view.string("status") == "erased", "\(view.text)")
            let history = try await api.send(.get, "/streams/user-\(customer.id)/events", token: admin)
            #expect(!history.text.contains(customer.email.lowercased()) && !history.text.contains("\"Gone\"")
                && history.text.contains(PersonalData.erasedMarker))
            let other = try await api.send(.get, "/users/\(keeper.id)", token: admin)
            #expect(other.string("email") == keeper.email.lowercased())
            #expect(try await api.send(.patch, "/users/\(customer.id)", json: #"{"name":"Back"}"#, token: admin).status == 409)
            let again = try await api.send(.post, "/users", json: #"{"email":"\#(customer.email)","password":"another-one-1","name":"New"}"#)
            #expect(again.status == 201 && again.string("id") != customer.id, "\(again.text)")
            #expect(try await api.store.verifyChains().isIntact)
        }
    }

    @Test func trustedConsumersOpenSealedFieldsWithTheKeyUntilTheErasure() async throws {
        try await APIHarness.run("http_pd_keys") { api in
            let admin = try await api.token()
            let customer = try await api.customer("Keyholder")
            #expect(try await api.send(.get, "/personal-data/keys/\(customer.id)", token: customer.token).status == 403)
            let reply = try await api.send(.get, "/personal-data/keys/\(customer.id)", token: admin)
            #expect(reply.status == 200 && reply.headers[.cacheControl] == "no-store", "\(reply.text)")
            let key = SymmetricKey(data: try #require(Data(base64Encoded: reply.string("key") ?? "")))
            let registered = try #require(try await api.log().first {
                $0.type == UserRegistered.eventType && $0.stream.rawValue == "user-\(customer.id)"
            })
            let object = try #require(try JSONSerialization.jsonObject(with: registered.data) as? [String: Any])
            let envelope = try #require(PersonalDataEnvelope(object["name"] as? String ?? ""))
            let clear = try AES.GCM.open(try AES.GCM.SealedBox(combined: envelope.sealed), using: key, authenticating: envelope.associatedData)
            #expect(String(decoding: clear, as: UTF8.self) == "Keyholder")
            _ = try await api.send(.post, "/users/\(customer.id)/erasure", token: admin)
            #expect(try await api.send(.get, "/personal-data/keys/\(customer.id)", token: admin).status == 410)
            #expect(try await api.send(.get, "/personal-data/keys/\(UUID())", token: admin).status == 404)
        }
    }

    /// A database written before credentials and sealing: its hashes are copied by the migration,
    /// its users sign in, no reader sees a hash, and an erasure says what stays in clear.
    @Test func legacyRegistrationsSignInFromCopiedHashesAndNeverShowThem() async throws {
        let userId = UUID()
        let email = "legacy-\(userId.uuidString.prefix(6).lowercased())@example.com"
        try await APIHarness.run("http_pd_legacy", beforeMigrations: { store in
            let hash = Bcrypt.hash("legacy-password", cost: 4)
            let data = Data(#"""
                {"email":"\#(email)","name":"Old Timer","passwordHash":"\#(hash)","registeredAt":"2026-11-01T00:00:00.000Z","role":"customer","userId":"\#(userId.uuidString.lowercased())"}
                """#.utf8)
            _ = try await store.append(AppendRequest(streams: [
                StreamAppend(stream: try StreamName("user-\(userId.uuidString.lowercased())"), expectedVersion: .noStream,
                             events: [EventData(type: "UserRegistered", schemaVersion: 1, data: data)]),
                StreamAppend(stream: try StreamName("useremail-\(email)"), expectedVersion: .noStream, events: [EventData(
                    type: "UserEmailReserved", schemaVersion: 1,
                    data: Data(#"{"email":"\#(email)","userId":"\#(userId.uuidString.lowercased())"}"#.utf8))]),
            ]))
        }) { api in
            let token = try await api.token(email, password: "legacy-password")
            let admin = try await api.token()
            let history = try await api.send(.get, "/events", token: admin)
            #expect(history.text.contains("Old Timer") && !history.text.contains("$2b$") && !history.text.contains("passwordHash"))
            #expect(try await api.send(.post, "/users", json: #"{"email":"\#(email)","password":"take-it-over","name":"Thief"}"#).status == 409)
            let changed = try await api.send(
                .post, "/users/\(userId.uuidString.lowercased())/password",
                json: #"{"currentPassword":"legacy-password","newPassword":"modern-password"}"#, token: token)
            #expect(changed.status == 200, "\(changed.text)")
            let erased = try await api.send(.post, "/users/\(userId.uuidString.lowercased())/erasure", token: admin)
            #expect(erased.int("eventsWithPersonalDataInClear") == 2, "\(erased.text)")
            let after = try await api.send(.get, "/events", token: admin)
            #expect(!after.text.contains("Old Timer") && after.text.contains(PersonalData.erasedMarker))
            #expect(try await api.send(.post, "/users", json: #"{"email":"\#(email)","password":"fresh-start-1","name":"Newcomer"}"#).status == 201)
        }
    }
}
