import Foundation
import NexusTestSupport
import PostgresNIO
import Testing

/// The issue's proof of forgetting: after an erasure, every place the data could have gone
/// holds none of it, while the other users are unchanged and the hash chains still verify.
@Suite("Erasure through the real binary: nothing of the person is left anywhere a reader can see")
struct ErasureTests {
    @Test func anErasedPersonIsGoneFromTheDatabaseExportReplayTheAPIAndKafka() async throws {
        let database = try await TestDatabase.create(prefix: "cli_erasure")
        let tag = UUID().uuidString.prefix(8).lowercased()
        let gone = (email: "erase-me-\(tag)@example.com", name: "Zebulon Erasable\(tag)", password: "erase-me-password")
        let kept = (email: "keep-me-\(tag)@example.com", name: "Kimberly Keeper\(tag)", password: "keep-me-password")
        var dev = try await DevProcess(databaseURL: database.url)

        let admin = try #require(DevProcess.field(try await dev.send(
            "POST", "/auth/token", json: #"{"email":"admin@nexus.dev","password":"admin-password"}"#).text, "accessToken"))
        var ids: [String] = []
        var tokens: [String] = []
        for person in [gone, kept] {
            let registered = try await dev.send(
                "POST", "/users", json: #"{"email":"\#(person.email)","password":"\#(person.password)","name":"\#(person.name)"}"#)
            #expect(registered.status == 201, "\(registered.text)")
            ids.append(try #require(DevProcess.field(registered.text, "id")))
            tokens.append(try #require(DevProcess.field(try await dev.send(
                "POST", "/auth/token", json: #"{"email":"\#(person.email)","password":"\#(person.password)"}"#).text, "accessToken")))
        }
        #expect(try await dev.send("POST", "/categories", json: #"{"slug":"erasure","name":"Erasure"}"#, token: admin).status == 201)
        #expect(try await dev.send("POST", "/products", json: """
            {"sku":"ERASE-1","name":"Thing","description":"","price":{"amountMinor":500,"currency":"EUR"},"categorySlug":"erasure"}
            """, token: admin).status == 201)
        #expect(try await dev.send("POST", "/inventory/ERASE-1/receipts", json: #"{"quantity":10}"#, token: admin).status == 200)
        for token in tokens {
            let order = try await dev.send("POST", "/orders", json: #"{"lines":[{"sku":"ERASE-1","quantity":1}]}"#, token: token)
            #expect(order.status == 201, "\(order.text)")
        }
        #expect(try await dev.send("PATCH", "/users/\(ids[0])", json: #"{"name":"\#(gone.name) Renamed"}"#, token: tokens[0]).status == 200)

        let erasure = try await dev.send("POST", "/users/\(ids[0])/erasure", token: tokens[0])
        #expect(erasure.status == 200, "\(erasure.text)")
        #expect(erasure.text.contains("\"eventsWithPersonalDataInClear\":0"))
        #expect(try await dev.send("GET", "/users/\(ids[0])", token: tokens[0]).status == 401, "the erased person's token is dead")
        #expect(try await dev.send("POST", "/auth/token", json: #"{"email":"\#(gone.email)","password":"\#(gone.password)"}"#).status == 401)

        // Every projection applies the erasure, then a rebuild from the log must agree.
        try await DevProcess.eventually("the users read model to show the erasure", timeout: .seconds(60)) {
            (try? await dev.send("GET", "/users/\(ids[0])", token: admin))?.text.contains("\"status\":\"erased\"") == true
        }
        let rebuild = try await NexusBinary.run(["projections", "rebuild", "--all"], databaseURL: database.url)
        #expect(rebuild.status == 0, "\(rebuild.stderr)")

        // Restart with the relay checkpoint at 0: a new embedded broker receives the whole log again.
        #expect(await dev.stop() == 0)
        try await TestDatabase.withClient(database.configuration) { client in
            _ = try await client.query("UPDATE checkpoints SET position = 0 WHERE name = 'relay'")
        }
        dev = try await DevProcess(databaseURL: database.url, port: dev.port)
        let bootstrap = try #require(dev.kafkaBootstrap)
        var users = ""
        // Order holds per key (partition) only: the erasure can be on the topic before the other
        // person's registration, which went to another partition. Wait for both.
        try await DevProcess.eventually("every users event republished", timeout: .seconds(60)) {
            users = (try? await run("/usr/bin/kcat", ["-C", "-b", bootstrap, "-t", "nexus.users", "-e", "-q", "-f", "%k %h %s\\n"]))?.stdout ?? ""
            return users.contains("UserErased") && users.contains(ids[1])
        }

        let answers = [
            try await dev.send("GET", "/users/\(ids[0])", token: admin).text,
            try await dev.send("GET", "/users?limit=100", token: admin).text,
            try await dev.send("GET", "/streams/user-\(ids[0])/events", token: admin).text,
            try await dev.send("GET", "/events?limit=1000", token: admin).text,
            try await dev.send("GET", "/users/\(ids[0])/orders", token: admin).text,
        ]
        let keys = ["NEXUS_MASTER_KEY": Data("nexus-development-master-key-32b".utf8).base64EncodedString(),
                    "NEXUS_EMAIL_LOOKUP_SECRET": "nexus-development-email-lookup-secret-not-for-use"]
        let export = try await NexusBinary.run(["export"], databaseURL: database.url, environment: keys)
        #expect(export.status == 0, "\(export.stderr)")
        let replay = try await NexusBinary.run(["replay", "user-\(ids[0])", "--json"], databaseURL: database.url, environment: keys)
        #expect(replay.status == 0, "\(replay.stderr)")
        let dump = try await run("/usr/bin/pg_dump", [database.url])
        #expect(dump.status == 0, "\(dump.stderr)")
        let eventsDump = try await run("/usr/bin/pg_dump", ["--table=events", "--table=event_append_keys", database.url])
        #expect(eventsDump.stdout.contains("COPY public.events") && !eventsDump.stdout.contains("$2b$"), "the log holds no password hash")
        let verify = try await NexusBinary.run(["audit", "verify"], databaseURL: database.url)
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")

        let places = ["pg_dump": dump.stdout, "export": export.stdout, "replay": replay.stdout, "kafka nexus.users": users]
            .merging(answers.enumerated().map { ("API answer \($0.offset)", $0.element) }) { first, _ in first }
        for (place, text) in places {
            for secret in [gone.email, gone.name, "Erasable\(tag)"] {
                #expect(!text.contains(secret), "\(place) still holds \(secret)")
            }
            #expect(place == "pg_dump" || !text.contains("$2b$"), "\(place) holds a password hash")
        }
        #expect(answers[0].contains("[erased]") && replay.stdout.contains("[erased]"))
        // The other person is unchanged: readable where readers see clear data, sealed on Kafka.
        #expect(answers[1].contains(kept.email) && answers[1].contains(kept.name))
        #expect(export.stdout.contains(kept.email))
        #expect(!users.contains(kept.email) && users.contains("pd1."), "Kafka carries personal fields sealed")
        #expect(!dump.stdout.contains(kept.email), "the database holds personal data sealed only")
        // The email is free again: it registers a new person.
        let again = try await dev.send(
            "POST", "/users", json: #"{"email":"\#(gone.email)","password":"another-password","name":"Someone New"}"#)
        #expect(again.status == 201, "\(again.text)")
        #expect(DevProcess.field(again.text, "id") != ids[0])
        #expect(await dev.stop() == 0)
    }

    private func run(_ executable: String, _ arguments: [String]) async throws -> NexusBinary.Result {
        try await NexusBinary.runExecutable(executable, arguments)
    }
}
