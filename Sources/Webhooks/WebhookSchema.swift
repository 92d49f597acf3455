public import EventStorePostgres

/// The webhooks table (component `webhooks`): configuration, not domain events. Secrets are
/// stored sealed (``WebhookSecretBox``); `secret` holds one in clear only in rows registered
/// before version 2, until `nexus migrate` or `nexus keys rotate` seals it. Deliveries
/// are jobs of kind ``WebhookConfiguration/kindName`` in the job queue.
public enum WebhookSchema {
    /// The migrations, oldest first.
    public static let migrations: [SchemaMigration] = [
        SchemaMigration(
            version: 1,
            name: "webhooks: URL, event types, signing secret, enabled",
            statements: [
                """
                CREATE TABLE webhooks (
                    id uuid PRIMARY KEY,
                    url text NOT NULL CHECK (length(url) BETWEEN 1 AND 2048),
                    event_types text[] NOT NULL CHECK (cardinality(event_types) BETWEEN 1 AND 100),
                    secret text NOT NULL,
                    enabled boolean NOT NULL DEFAULT true,
                    created_at timestamptz NOT NULL DEFAULT now()
                )
                """,
            ]
        ),
        SchemaMigration(
            version: 2,
            name: "webhooks: secrets sealed under the master key (rows from before keep theirs in clear until sealed)",
            statements: [
                """
                ALTER TABLE webhooks ADD COLUMN sealed_secret bytea, ADD COLUMN master_key_id text,
                    ALTER COLUMN secret DROP NOT NULL
                """,
                """
                ALTER TABLE webhooks ADD CONSTRAINT webhooks_secret_sealed_or_clear
                    CHECK ((sealed_secret IS NULL) = (master_key_id IS NULL) AND (sealed_secret IS NULL) = (secret IS NOT NULL))
                """,
            ]
        ),
    ]

    /// The migrator for webhooks (component `webhooks`).
    public static var migrator: SchemaMigrator {
        SchemaMigrator(component: "webhooks", migrations: migrations)
    }
}
