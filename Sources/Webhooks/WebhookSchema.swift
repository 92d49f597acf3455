public import EventStorePostgres

/// The webhooks table (component `webhooks`): configuration, not domain events. Deliveries
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
    ]

    /// The migrator for webhooks (component `webhooks`).
    public static var migrator: SchemaMigrator {
        SchemaMigrator(component: "webhooks", migrations: migrations)
    }
}
