public import EventStorePostgres

/// The tables that hold what must never be part of an event: persons' data keys, password
/// hashes and failed sign-in counts. All mutable, never published, exported or served.
public enum PrivacySchema {
    /// The migrations, oldest first. Run after the event store's (the first copies the password
    /// hashes that `UserRegistered` v1 events stored into `credentials`).
    public static let migrations: [SchemaMigration] = [
        SchemaMigration(
            version: 1,
            name: "personal data keys, credentials, sign-in failures; legacy password hashes copied",
            statements: [
                """
                CREATE TABLE personal_data_keys (
                    subject uuid PRIMARY KEY,
                    master_key_id text,
                    wrapped_key bytea,
                    created_at timestamptz NOT NULL DEFAULT now(),
                    erased_at timestamptz,
                    CHECK ((wrapped_key IS NULL) = (erased_at IS NOT NULL)),
                    CHECK ((wrapped_key IS NULL) = (master_key_id IS NULL))
                )
                """,
                """
                CREATE TABLE credentials (
                    user_id uuid NOT NULL,
                    version integer NOT NULL CHECK (version >= 1),
                    password_hash text NOT NULL CHECK (length(password_hash) BETWEEN 1 AND 200),
                    created_at timestamptz NOT NULL DEFAULT now(),
                    PRIMARY KEY (user_id, version)
                )
                """,
                """
                CREATE TABLE sign_in_failures (
                    account_key text PRIMARY KEY CHECK (length(account_key) <= 100),
                    failures integer NOT NULL,
                    window_started_at timestamptz NOT NULL
                )
                """,
                """
                INSERT INTO credentials (user_id, version, password_hash)
                SELECT (data->>'userId')::uuid, 1, data->>'passwordHash' FROM events
                 WHERE type = 'UserRegistered' AND schema_version = 1 AND data ? 'passwordHash'
                ON CONFLICT DO NOTHING
                """,
            ]
        ),
    ]

    /// The migrator for the privacy tables (component `privacy`).
    public static var migrator: SchemaMigrator {
        SchemaMigrator(component: "privacy", migrations: migrations)
    }
}
