import EventStore
import EventStorePostgres
import Foundation
import Logging
import NexusEvents
import NexusTestSupport
import PostgresNIO
import Testing

@Suite("The nexus binary: exit codes, output and errors")
struct CLITests {
    /// A migrated database with a category, a product and its stock history.
    private func seededDatabase(_ prefix: String) async throws -> (TestDatabase, [AppendResult]) {
        let database = try await TestDatabase.create(prefix: prefix)
        let results = try await database.withEventStore { store in
            func append(_ events: [NexusEvent], expected: ExpectedVersion = .any) async throws -> AppendResult {
                let stream = try StreamName(events[0].streamName)
                let data = events.map { EventData(type: $0.eventType, schemaVersion: $0.schemaVersion, data: $0.encodedData()) }
                return try await store.append(AppendRequest(stream: stream, expectedVersion: expected, events: data))
            }
            return [
                try await append([.categoryCreated(CategoryCreated(slug: "kitchen", name: "Kitchen", parentSlug: nil))]),
                try await append([.stockReceived(StockReceived(sku: "SKU-1", quantity: 10))]),
                try await append([.stockReceived(StockReceived(sku: "SKU-1", quantity: 5))]),
            ]
        }
        return (database, results)
    }

    @Test("--help lists the commands; an unknown command fails with a one-line error")
    func help() async throws {
        let help = try await NexusBinary.run(["--help"])
        #expect(help.status == 0)
        for command in ["migrate", "replay", "audit", "export", "bench"] {
            #expect(help.stdout.contains(command))
        }
        let unknown = try await NexusBinary.run(["frobnicate"])
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("Error"))
    }

    @Test("migrate is safe to run twice")
    func migrateTwice() async throws {
        let database = try await TestDatabase.create(prefix: "cli_migrate")
        let first = try await NexusBinary.run(["migrate"], databaseURL: database.url)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("eventstore: migrated from version 0"))
        let second = try await NexusBinary.run(["migrate"], databaseURL: database.url)
        #expect(second.status == 0)
        #expect(second.stdout.contains("nothing to apply"))
    }

    @Test("an unreachable database or a malformed URL is a one-line error and a non-zero exit")
    func unreachableDatabase() async throws {
        let unreachable = try await NexusBinary.run(["migrate", "--database-url", "postgres://nexus:secret@127.0.0.1:1/nexus"])
        #expect(unreachable.status != 0)
        #expect(unreachable.stderr.contains("cannot reach the database"))
        #expect(!unreachable.stderr.contains("secret"), "the password must never be printed")
        let malformed = try await NexusBinary.run(["audit", "verify", "--database-url", "mysql://x"])
        #expect(malformed.status != 0)
        #expect(malformed.stderr.contains("database URL must look like"))
    }

    @Test("audit verify exits 0 on intact chains and 2, naming the event, on a tampered one")
    func auditVerify() async throws {
        let (database, results) = try await seededDatabase("cli_audit")
        let intact = try await NexusBinary.run(["audit", "verify"], databaseURL: database.url)
        #expect(intact.status == 0, "\(intact.stderr)")
        #expect(intact.stdout.contains("intact: 3 events verified"))

        let victim = results[1].position
        _ = try await TestDatabase.withClient(database.superuserConfiguration) { client in
            try await client.withConnection { connection in
                try await connection.query("SET session_replication_role = replica", logger: Logger(label: "test"))
                try await connection.query("UPDATE events SET data = '{\"sku\": \"SKU-1\", \"quantity\": 1000}' WHERE position = \(victim)", logger: Logger(label: "test"))
            }
        }
        let broken = try await NexusBinary.run(["audit", "verify"], databaseURL: database.url)
        #expect(broken.status == 2)
        #expect(broken.stdout.contains("BROKEN at position \(victim): stream inventory-SKU-1 version 1"))
        let otherStream = try await NexusBinary.run(["audit", "verify", "--stream", "category-kitchen"], databaseURL: database.url)
        #expect(otherStream.status == 0)
        let badStream = try await NexusBinary.run(["audit", "verify", "--stream", "no spaces-allowed"], databaseURL: database.url)
        #expect(badStream.status != 0)
    }

    @Test("export writes JSON lines or CSV, filtered by category and start position")
    func export() async throws {
        let (database, results) = try await seededDatabase("cli_export")
        let all = try await NexusBinary.run(["export"], databaseURL: database.url)
        #expect(all.status == 0, "\(all.stderr)")
        let lines = all.stdout.split(separator: "\n")
        #expect(lines.count == 3)
        let first = try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any]
        #expect(first?["stream"] as? String == "category-kitchen")
        #expect((first?["data"] as? [String: Any])?["name"] as? String == "Kitchen")
        #expect(all.stderr.contains("exported 3 events"))

        let inventory = try await NexusBinary.run(["export", "--category", "inventory", "--from", "\(results[1].position)"], databaseURL: database.url)
        #expect(inventory.stdout.split(separator: "\n").count == 1)
        #expect(inventory.stdout.contains(#""quantity": 5"#))

        let csv = try await NexusBinary.run(["export", "--format", "csv"], databaseURL: database.url)
        let rows = csv.stdout.split(separator: "\n")
        #expect(rows.first == "position,event_id,stream,version,type,schema_version,recorded_at,hash,data,metadata")
        #expect(rows.count == 4)

        let bad = try await NexusBinary.run(["export", "--format", "xml"], databaseURL: database.url)
        #expect(bad.status != 0)
    }

    @Test("replay shows the aggregate's state as of a position, as a table or JSON")
    func replay() async throws {
        let (database, results) = try await seededDatabase("cli_replay")
        let now = try await NexusBinary.run(["replay", "inventory-SKU-1", "--json"], databaseURL: database.url)
        #expect(now.status == 0, "\(now.stderr)")
        let document = try JSONSerialization.jsonObject(with: Data(now.stdout.utf8)) as? [String: Any]
        #expect((document?["events"] as? [Any])?.count == 2)
        #expect((document?["state"] as? [String: Any])?["onHand"] as? Int == 15)

        let before = try await NexusBinary.run(["replay", "inventory-SKU-1", "--json", "--until-position", "\(results[1].position)"], databaseURL: database.url)
        let earlier = try JSONSerialization.jsonObject(with: Data(before.stdout.utf8)) as? [String: Any]
        #expect((earlier?["events"] as? [Any])?.count == 1)
        #expect((earlier?["state"] as? [String: Any])?["onHand"] as? Int == 10)

        let table = try await NexusBinary.run(["replay", "inventory-SKU-1"], databaseURL: database.url)
        #expect(table.stdout.contains("StockReceived v1"))
        #expect(table.stdout.contains("state:"))

        let missing = try await NexusBinary.run(["replay", "inventory-NOPE"], databaseURL: database.url)
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("has no events"))
        let invalid = try await NexusBinary.run(["replay", "inventory-1", "--until-time", "yesterday"], databaseURL: database.url)
        #expect(invalid.status != 0)
        #expect(invalid.stderr.contains("RFC 3339"))
    }
}

@Suite("Configuration from an optional file")
struct ConfigurationFileTests {
    @Test("NEXUS_CONFIG_FILE supplies settings the environment does not set")
    func configFile() async throws {
        let database = try await TestDatabase.create(prefix: "cli_config")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("nexus-\(UUID()).env")
        try Data("# Nexus settings\nNEXUS_DATABASE_URL=\"\(database.url)\"\n".utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try await NexusBinary.run(["migrate"], environment: ["NEXUS_CONFIG_FILE": file.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("eventstore: migrated from version 0"))
    }

    @Test("A JSON NEXUS_CONFIG_FILE supplies settings under the variable names")
    func jsonConfigFile() async throws {
        let database = try await TestDatabase.create(prefix: "cli_config_json")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("nexus-\(UUID()).json")
        let json = try JSONSerialization.data(withJSONObject: ["NEXUS_DATABASE_URL": database.url, "NEXUS_DB_STARTUP_WAIT_MS": 30_000])
        try json.write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try await NexusBinary.run(["migrate"], environment: ["NEXUS_CONFIG_FILE": file.path, "NEXUS_DATABASE_URL": ""])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("eventstore: migrated from version 0"))
    }

    @Test(
        "A bad setting stops the process at start-up with one line naming it, before any work",
        arguments: [
            (["migrate"], "NEXUS_DB_STATEMENT_TIMEOUT_MS", "abc", "must be a whole number"),
            (["migrate"], "NEXUS_DB_STATEMENT_TIMEOUT_MS", "-5", "must be between 1 and 3600000"),
            (["serve", "--dev"], "NEXUS_HTTP_PORT", "70000", "must be between 0 and 65535"),
            (["worker"], "NEXUS_JOB_CLAIM_LEASE", "forever", "must be a whole number with ms, s, m, h or d, e.g. 30m"),
        ])
    func badSetting(arguments: [String], name: String, value: String, reason: String) async throws {
        let result = try await NexusBinary.run(arguments, environment: [name: value])
        #expect(result.status != 0)
        #expect(result.stderr == "Error: \(name) \(reason) (set in the environment)\n", "\(result.stderr)")
    }

    @Test(
        "A --port outside 0...65535 is refused before any work, like NEXUS_HTTP_PORT",
        arguments: [["serve", "--dev", "--port", "70000"], ["serve", "--port=-1"], ["dev", "--port", "65536"], ["dev", "--port=\(Int.min)"]])
    func badPort(arguments: [String]) async throws {
        // An unreachable database: a run that got past the option check would fail differently.
        let result = try await NexusBinary.run(arguments, databaseURL: "postgres://nexus:nexus@127.0.0.1:1/none")
        #expect(result.status != 0)
        #expect(result.stderr.contains("--port must be between 0 and 65535"), "\(result.stderr)")
    }

    @Test("--help never prints a configured database URL or password")
    func helpHidesSecrets() async throws {
        let environment = ["NEXUS_DATABASE_URL": "postgres://nexus:hunter2@db.invalid/nexus", "NEXUS_SIMULATE_ADMIN_PASSWORD": "hunter2"]
        for command in [["migrate", "--help"], ["serve", "--help"], ["simulate", "--help"]] {
            let result = try await NexusBinary.run(command, environment: environment)
            #expect(result.status == 0, "\(command): \(result.stderr)")
            #expect(!result.stdout.contains("hunter2") && !result.stderr.contains("hunter2"), "\(command): \(result.stdout)")
        }
    }
}
