import Foundation
import NexusTestSupport
import Testing

@Suite("Personal-data keys through the real binary")
struct KeysCommandTests {
    static let developmentMaster = Data("nexus-development-master-key-32b".utf8).base64EncodedString()
    static let developmentLookup = "nexus-development-email-lookup-secret-not-for-use"

    @Test func serveRefusesToStartWithoutKeys() async throws {
        let database = try await TestDatabase.create(prefix: "cli_nokeys")
        let serve = try await NexusBinary.run(
            ["serve", "--jwt-secret", String(repeating: "s", count: 32), "--migrate", "--port", "0"], databaseURL: database.url,
            environment: ["NEXUS_MASTER_KEY": "", "NEXUS_EMAIL_LOOKUP_SECRET": ""])
        #expect(serve.status != 0)
        #expect(serve.stderr.contains("NEXUS_MASTER_KEY"), "\(serve.stderr)")
        let half = try await NexusBinary.run(
            ["serve", "--jwt-secret", String(repeating: "s", count: 32), "--port", "0"], databaseURL: database.url,
            environment: ["NEXUS_MASTER_KEY": Self.developmentMaster])
        #expect(half.status != 0 && half.stderr.contains("NEXUS_EMAIL_LOOKUP_SECRET"), "\(half.stderr)")
    }

    @Test func rotationRewrapsEveryKeyAndTheOldMasterKeyCanGo() async throws {
        let database = try await TestDatabase.create(prefix: "cli_rotate")
        let dev = try await DevProcess(databaseURL: database.url)
        let email = "rotated-\(UUID().uuidString.prefix(6).lowercased())@example.com"
        #expect(try await dev.send("POST", "/users", json: #"{"email":"\#(email)","password":"rotate-password","name":"Rita Rotated"}"#).status == 201)
        #expect(await dev.stop() == 0)
        let newMaster = Data((0..<32).map { UInt8($0) }).base64EncodedString()
        let onlyNew = ["NEXUS_MASTER_KEY": newMaster, "NEXUS_EMAIL_LOOKUP_SECRET": Self.developmentLookup]
        let before = try await NexusBinary.run(["export"], databaseURL: database.url, environment: onlyNew)
        #expect(before.status != 0, "the new key alone cannot open keys wrapped by the old one")
        var rotating = onlyNew
        rotating["NEXUS_PREVIOUS_MASTER_KEYS"] = Self.developmentMaster
        let rotate = try await NexusBinary.run(["keys", "rotate"], databaseURL: database.url, environment: rotating)
        #expect(rotate.status == 0, "\(rotate.stderr)")
        #expect(rotate.stdout.contains("re-wrapped 2 data key(s)"), "\(rotate.stdout)")
        let status = try await NexusBinary.run(["keys", "status"], databaseURL: database.url, environment: onlyNew)
        #expect(!status.stdout.contains(": 0 data") && status.stdout.contains("2 data key(s)"), "\(status.stdout)")
        let after = try await NexusBinary.run(["export"], databaseURL: database.url, environment: onlyNew)
        #expect(after.status == 0 && after.stdout.contains(email) && after.stdout.contains("Rita Rotated"), "\(after.stderr)")
        let sealed = try await NexusBinary.run(["export"], databaseURL: database.url, environment: ["NEXUS_MASTER_KEY": "", "NEXUS_EMAIL_LOOKUP_SECRET": ""])
        #expect(sealed.status == 0 && !sealed.stdout.contains(email) && sealed.stdout.contains("pd1."))
    }
}
