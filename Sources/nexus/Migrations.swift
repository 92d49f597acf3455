import EventStorePostgres
import Jobs
import Privacy
import Projections
import Webhooks

/// Every schema the binary owns, in the order they are migrated.
enum Migrations {
    static let all: [SchemaMigrator] = [
        EventStoreSchema.migrator, ProjectionSchema.migrator, PrivacySchema.migrator, JobSchema.migrator, WebhookSchema.migrator,
    ]
}
