public import EventStore
public import NexusEvents
public import PostgresNIO

/// A read model: its name, version, the tables it owns and how one event changes them.
///
/// Tables are created, and statements run, with `search_path` set to the generation's schema
/// (`read_<name>_g<N>`), so DDL and statements name tables without a schema. Every table gets
/// a view of the same name in schema `read` pointing at the serving generation.
///
/// Statements must converge whatever the order of events across streams (events of one stream
/// always arrive in stream order); the runtime guarantees each stream version is applied once.
public protocol Projection: Sendable {
    /// The projection's name, a plain identifier (`products`).
    var name: String { get }
    /// Bumping it means the read model must be rebuilt.
    var version: Int { get }
    /// The event types (as stored, e.g. `ProductCreated`) this projection reads.
    var handledEventTypes: Set<String> { get }
    /// The tables this projection owns, in creation order.
    var tables: [ReadModelTable] { get }
    /// The statements that apply `event` (recorded as `recorded`).
    func statements(for event: NexusEvent, recorded: RecordedEvent) -> [PostgresQuery]
}

/// One table of a read model: its name and its `CREATE TABLE`/`CREATE INDEX` statements.
public struct ReadModelTable: Sendable {
    /// The table name, unique across projections (it is also the view name in `read`).
    public var name: String
    /// DDL statements, without schema names.
    public var ddl: [String]

    public init(name: String, ddl: [String]) {
        self.name = name
        self.ddl = ddl
    }
}

extension Projection {
    /// The DDL as kept in `projections/<name>.v<version>.sql`.
    public var sqlFile: String {
        let header = """
            -- Projection \(name), version \(version) (bumping the version means rebuild).
            -- Handles: \(handledEventTypes.sorted().joined(separator: ", "))
            -- Tables live in the generation schema read_\(name)_g<N>; schema read has one view per table.

            """
        return header + tables.flatMap(\.ddl).map { $0 + ";\n" }.joined(separator: "\n")
    }

    /// The file name of ``sqlFile`` under `projections/`.
    public var sqlFileName: String { "\(name).v\(version).sql" }
}
