import Foundation

/// Finds a PostgreSQL client program (`pgbench`, `psql`) on this machine: `/usr/bin` first, else
/// the newest `/usr/lib/postgresql/<version>/bin`.
enum PostgresTool {
    static func executable(_ name: String) throws -> URL {
        let candidates = ["/usr/bin/\(name)"] + ((try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? [])
            .sorted().reversed().map { "/usr/lib/postgresql/\($0)/bin/\(name)" }
        guard let path = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw BenchmarkFailure("\(name) not found: install postgresql-client and postgresql-contrib (ops/lib.sh does)")
        }
        return URL(fileURLWithPath: path)
    }
}
