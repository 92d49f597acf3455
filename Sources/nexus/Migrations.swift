import EventStorePostgres
import Jobs
import Logging
import PostgresNIO
import Privacy
import Projections
import Webhooks

/// Every schema the binary owns, in the order they are migrated.
enum Migrations {
    static let all: [SchemaMigrator] = [
        EventStoreSchema.migrator, ProjectionSchema.migrator, PrivacySchema.migrator, JobSchema.migrator, WebhookSchema.migrator,
    ]

    /// Seals the webhook secrets still stored in clear (registered before secrets were sealed)
    /// or under an older master key, when `privacy` holds the keys; answers how many (0 without keys).
    static func sealWebhookSecrets(_ client: PostgresClient, privacy: PrivacyConfiguration?, logger: Logger) async throws -> Int {
        guard let privacy else { return 0 }
        return try await WebhookStore(client: client, secrets: WebhookSecretBox(keys: privacy), logger: logger).sealSecrets()
    }
}
