import ArgumentParser
import EventStorePostgres
import Logging

/// `nexus migrate`: brings the database schema up to this binary's version.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Apply the database schema migrations (safe to run repeatedly).",
        discussion: "Refuses to run against a database whose schema is newer than this binary."
    )

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let logger = Logger(label: "nexus.migrate")
        try await database.withClient(logger: logger) { client in
            for migrator in Migrations.all {
                do {
                    let report = try await migrator.migrate(client, logger: logger)
                    if report.applied.isEmpty {
                        print("\(migrator.component): schema at version \(report.to), nothing to apply")
                    } else {
                        print("\(migrator.component): migrated from version \(report.from) to \(report.to)")
                    }
                } catch let error as MigrationError {
                    throw CommandFailure(error.message)
                }
            }
        }
    }
}
