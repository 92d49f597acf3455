import ArgumentParser
import EventStorePostgres
import Logging

/// `nexus migrate`: brings the database schema up to this binary's version.
struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Apply the database schema migrations (safe to run repeatedly).",
        discussion: """
            Refuses to run against a database whose schema is newer than this binary. With the keys \
            configured (NEXUS_MASTER_KEY, NEXUS_EMAIL_LOOKUP_SECRET) it also seals webhook secrets \
            still stored in clear by an older version.
            """
    )

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let logger = Logger(label: "nexus.migrate")
        let privacy = try PrivacySettings.configured(development: false)
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
            let sealed = try await Migrations.sealWebhookSecrets(client, privacy: privacy, logger: logger)
            if sealed > 0 { print("webhooks: sealed \(sealed) secret(s) under master key \(privacy?.masterKey.id ?? "")") }
        }
    }
}
