import EventStorePostgres
import Logging
import NexusTestSupport
import PostgresNIO
import Testing

@Suite("Schema migrations")
struct MigrationTests {
    let logger = Logger(label: "nexus.test")

    @Test("migrating twice is safe; concurrent migrators apply each step once")
    func idempotent() async throws {
        let database = try await TestDatabase.create(prefix: "migrate_twice")
        try await TestDatabase.withClient(database.configuration) { client in
            let migrator = EventStoreSchema.migrator
            let reports = try await withThrowingTaskGroup(of: SchemaMigrator.Report.self) { group in
                for _ in 0..<3 { group.addTask { try await migrator.migrate(client, logger: logger) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(reports.filter { !$0.applied.isEmpty }.count == 1)
            #expect(reports.allSatisfy { $0.to == migrator.latestVersion })
            let again = try await migrator.migrate(client, logger: logger)
            #expect(again.applied.isEmpty)
            #expect(again.from == migrator.latestVersion)
            #expect(try await migrator.currentVersion(client, logger: logger) == migrator.latestVersion)
        }
    }

    @Test("refuses to run against a schema newer than the binary")
    func refusesNewerSchema() async throws {
        let database = try await TestDatabase.create(prefix: "migrate_newer")
        try await TestDatabase.withClient(database.configuration) { client in
            let migrator = EventStoreSchema.migrator
            try await migrator.migrate(client, logger: logger)
            let future = migrator.latestVersion + 1
            try await client.query("INSERT INTO schema_migrations (component, version, name) VALUES ('eventstore', \(future), 'from the future')")
            let error = await #expect(throws: MigrationError.self) { try await migrator.migrate(client, logger: logger) }
            #expect(error?.code == .databaseNewerThanBinary)
        }
    }
}
