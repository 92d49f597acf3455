public import EventStorePostgres

/// The job queue's table (component `jobs`): one row per job, mutable, never published.
public enum JobSchema {
    /// The migrations, oldest first.
    public static let migrations: [SchemaMigration] = [
        SchemaMigration(
            version: 1,
            name: "jobs: kind, payload, due time, tries, claims, unique keys",
            statements: [
                """
                CREATE TABLE jobs (
                    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    kind text NOT NULL CHECK (length(kind) BETWEEN 1 AND 100),
                    unique_key text CHECK (length(unique_key) BETWEEN 1 AND 200),
                    payload jsonb NOT NULL CHECK (jsonb_typeof(payload) = 'object'),
                    state text NOT NULL DEFAULT 'scheduled' CHECK (state IN ('scheduled', 'running', 'done', 'dead')),
                    attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
                    max_attempts integer NOT NULL CHECK (max_attempts >= 1),
                    due_at timestamptz NOT NULL,
                    claimed_by text,
                    claim_token uuid,
                    claim_expires_at timestamptz,
                    last_error text,
                    outcome text,
                    created_at timestamptz NOT NULL DEFAULT now(),
                    finished_at timestamptz,
                    CHECK ((state = 'running') = (claim_token IS NOT NULL AND claim_expires_at IS NOT NULL))
                )
                """,
                "CREATE UNIQUE INDEX jobs_unique_key ON jobs (kind, unique_key) WHERE unique_key IS NOT NULL",
                "CREATE INDEX jobs_due ON jobs (due_at, id) WHERE state = 'scheduled'",
                "CREATE INDEX jobs_claims ON jobs (claim_expires_at) WHERE state = 'running'",
            ]
        ),
        SchemaMigration(
            version: 2,
            name: "jobs: index of finished jobs, for pruning",
            statements: [
                "CREATE INDEX jobs_finished ON jobs (finished_at) WHERE state IN ('done', 'dead')",
            ]
        ),
    ]

    /// The migrator for the job queue (component `jobs`).
    public static var migrator: SchemaMigrator {
        SchemaMigrator(component: "jobs", migrations: migrations)
    }
}
