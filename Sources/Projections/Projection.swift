public import Logging
public import PostgresNIO

/// A read model: its name, version, the tables it owns and how one event changes them.
///
/// Tables are created, and statements run, with `search_path` set to the generation's schema
/// (`read_<name>_g<N>`), so DDL and statements name tables without a schema. Every table gets
/// a view of the same name in schema `read` pointing at the serving generation.
///
/// Changes must converge whatever the order of events across streams (events of one stream
/// always arrive in stream order); the runtime guarantees each stream version is applied once.
/// A batch is applied set-based: folded in Swift into its final row changes, written with a few
/// multi-row statements, with the same result as applying its events one by one in order.
public protocol Projection: Sendable {
    /// The projection's name, a plain identifier (`products`).
    var name: String { get }
    /// Bumping it means the read model must be rebuilt.
    var version: Int { get }
    /// The event types (as stored, e.g. `ProductCreated`) this projection reads.
    var handledEventTypes: Set<String> { get }
    /// The tables this projection owns, in creation order.
    var tables: [ReadModelTable] { get }
    /// Applies `events` (new, decoded, in delivery order) on `connection`, inside the caller's
    /// transaction with `search_path` set to the generation's schema. `events` may include types
    /// the projection does not handle (a rebuild hands every projection the same page): it
    /// ignores them.
    func apply(_ events: [ProjectionEvent], on connection: PostgresConnection, logger: Logger) async throws
    /// What applying `events` may change among the resources the read cache keeps
    /// (``ReadCacheChange/none`` unless the projection serves one of them).
    func cacheChange(of events: [ProjectionEvent]) -> ReadCacheChange
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
    /// Nothing: the read cache keeps none of this projection's rows.
    public func cacheChange(of events: [ProjectionEvent]) -> ReadCacheChange { .none }

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
