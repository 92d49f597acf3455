public import PostgresNIO

/// One versioned step of a database schema: statements applied together in one transaction.
public struct SchemaMigration: Sendable {
    /// The schema version this step brings the database to (1, 2, 3…).
    public var version: Int
    /// A short human-readable name.
    public var name: String
    /// The DDL, one statement per element (no bound values).
    public var statements: [PostgresQuery]

    public init(version: Int, name: String, statements: [PostgresQuery]) {
        self.version = version
        self.name = name
        self.statements = statements
    }
}
