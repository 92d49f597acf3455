public import Logging
public import PostgresNIO

/// Applies versioned migrations, recording each in a table, under an advisory lock so that
/// concurrent migrators (two replicas starting together) apply each step once.
///
/// Safe to run any number of times. Refuses to run against a database whose schema is newer
/// than the newest migration this binary knows.
public struct SchemaMigrator: Sendable {
    /// The outcome of a run.
    public struct Report: Sendable, Hashable {
        /// The schema version before the run.
        public var from: Int
        /// The schema version after the run.
        public var to: Int
        /// The versions applied by this run.
        public var applied: [Int]
    }

    public let component: String
    let migrations: [SchemaMigration]

    /// - Parameters:
    ///   - component: names the schema being migrated (`eventstore`, `projections`…); each has its own version.
    ///   - migrations: the steps, in ascending version order starting at 1.
    public init(component: String, migrations: [SchemaMigration]) {
        precondition(migrations.enumerated().allSatisfy { $0.offset + 1 == $0.element.version }, "versions must be 1, 2, 3…")
        self.component = component
        self.migrations = migrations
    }

    /// The newest schema version this binary knows.
    public var latestVersion: Int { migrations.last?.version ?? 0 }

    /// Brings the database up to ``latestVersion``.
    /// - Throws: ``MigrationError`` when the database's schema is newer than this binary, or a step fails.
    @discardableResult
    public func migrate(_ client: PostgresClient, logger: Logger) async throws -> Report {
        try await client.withConnection { connection in
            let lockKey = Self.lockKey
            try await connection.query("SELECT pg_advisory_lock(\(lockKey))", logger: logger)
            do {
                try await connection.query(
                    "CREATE TABLE IF NOT EXISTS schema_migrations (component text NOT NULL, version integer NOT NULL, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (component, version))",
                    logger: logger
                )
                let report = try await apply(on: connection, logger: logger)
                try await connection.query("SELECT pg_advisory_unlock(\(lockKey))", logger: logger)
                return report
            } catch {
                _ = try? await connection.query("SELECT pg_advisory_unlock(\(lockKey))", logger: logger)
                throw error
            }
        }
    }

    /// The version currently recorded in the database (0 for an empty database).
    public func currentVersion(_ client: PostgresClient, logger: Logger) async throws -> Int {
        let rows = try await client.query(
            "SELECT coalesce(max(version), 0)::int8 FROM schema_migrations WHERE component = \(component)",
            logger: logger
        )
        for try await version in rows.decode(Int64.self) { return Int(version) }
        return 0
    }

    private func apply(on connection: PostgresConnection, logger: Logger) async throws -> Report {
        var current = 0
        for try await version in try await connection.query(
            "SELECT coalesce(max(version), 0)::int8 FROM schema_migrations WHERE component = \(component)",
            logger: logger
        ).decode(Int64.self) {
            current = Int(version)
        }
        guard current <= latestVersion else {
            throw MigrationError(
                code: .databaseNewerThanBinary,
                message: "the \(component) schema is at version \(current), newer than this binary's \(latestVersion); upgrade nexus first",
                component: component
            )
        }
        var applied: [Int] = []
        for migration in migrations where migration.version > current {
            logger.info("applying migration", metadata: [LogKey.component: "\(component)", LogKey.migration: "\(migration.version) \(migration.name)"])
            do {
                try await connection.withTransaction(logger: logger) { connection in
                    for statement in migration.statements {
                        try await connection.query(statement, logger: logger)
                    }
                    try await connection.query(
                        "INSERT INTO schema_migrations (component, version, name) VALUES (\(component), \(migration.version), \(migration.name))",
                        logger: logger
                    )
                }
            } catch {
                throw MigrationError(
                    code: .stepFailed,
                    message: "migration \(component) \(migration.version) (\(migration.name)) failed: \(String(reflecting: error))",
                    component: component
                )
            }
            applied.append(migration.version)
        }
        return Report(from: current, to: max(current, latestVersion), applied: applied)
    }

    /// Advisory lock key serialising migrators ("nexus-migrate" folded into 63 bits).
    static let lockKey: Int64 = 0x6E65_7875_736D_6967
}

/// A migration could not be applied.
public struct MigrationError: Error, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable {
        /// The database has a newer schema than this binary knows.
        case databaseNewerThanBinary
        /// A step failed and was rolled back.
        case stepFailed
    }

    public var code: Code
    public var message: String
    public var component: String

    public var description: String { message }
}
