package import Logging
package import PostgresNIO

extension ProcessCPU {
    /// The process id of the PostgreSQL server (postmaster) `client` is connected to, when it
    /// runs on this machine: the parent of this connection's backend, both named `postgres`.
    package static func postmaster(of client: PostgresClient, logger: Logger) async throws -> Int32? {
        let rows = try await client.query("SELECT pg_backend_pid()", logger: logger)
        for try await backend in rows.decode(Int32.self) {
            guard name(of: backend) == "postgres", let parent = stat(of: backend)?.parent, name(of: parent) == "postgres" else { return nil }
            return parent
        }
        return nil
    }
}
