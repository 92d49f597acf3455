import PostgresNIO
import Projections

/// Every row of every `read` view of the projections, as sorted JSON text per table.
enum ReadModelSnapshot {
    static func take(_ client: PostgresClient, projections: [any Projection] = ProjectionCatalog.all) async throws -> [String: [String]] {
        var snapshot: [String: [String]] = [:]
        for table in projections.flatMap(\.tables) {
            // Table names are constants of the projections (checked identifiers).
            let rows = try await client.query(PostgresQuery(unsafeSQL: "SELECT to_jsonb(t)::text FROM read.\(table.name) t"))
            var lines: [String] = []
            for try await line in rows.decode(String.self) { lines.append(line) }
            snapshot[table.name] = lines.sorted()
        }
        return snapshot
    }
}

extension ReadModelSnapshot {
    /// The rows that differ between two snapshots, per table (empty when they are equal).
    static func differences(_ left: [String: [String]], _ right: [String: [String]]) -> [String: (onlyLeft: [String], onlyRight: [String])] {
        var differences: [String: (onlyLeft: [String], onlyRight: [String])] = [:]
        for table in Set(left.keys).union(right.keys) {
            let (l, r) = (Set(left[table] ?? []), Set(right[table] ?? []))
            if l != r { differences[table] = (l.subtracting(r).sorted(), r.subtracting(l).sorted()) }
        }
        return differences
    }
}
