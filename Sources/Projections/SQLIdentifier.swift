public import PostgresNIO

/// A PostgreSQL identifier (schema or table name) checked to be `[a-z_][a-z0-9_]*`, at most 63 bytes.
///
/// Identifiers cannot be bound parameters, so DDL that names generation schemas is built from
/// these checked values only, never from user input.
public struct SQLIdentifier: Sendable, Hashable, CustomStringConvertible {
    /// The identifier's text.
    public let name: String

    /// Checks `name`; `nil` when it is not a plain lower-case identifier.
    public init?(_ name: String) {
        guard let first = name.utf8.first, name.utf8.count <= 63,
              first == UInt8(ascii: "_") || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(first),
              name.utf8.allSatisfy({ $0 == UInt8(ascii: "_") || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) })
        else { return nil }
        self.name = name
    }

    public var description: String { name }
}

extension PostgresQuery {
    /// A statement built from text whose only interpolated parts are ``SQLIdentifier``s; values
    /// go in `binds` (`$1`, `$2`…).
    static func ddl(_ text: String, binds: PostgresBindings = PostgresBindings()) -> PostgresQuery {
        PostgresQuery(unsafeSQL: text, binds: binds)
    }
}
