import Foundation
public import PostgresNIO

/// A PostgreSQL cluster of one test's own, for tests that crash the server (the shared test
/// cluster serves every other test running in parallel). It is started by `ops/lib.sh` as
/// `ops/test` starts the shared one (as the `postgres` user when run as root), in a temporary
/// directory, with one database owned by the application role `nexus`.
public final class PrivateCluster: Sendable {
    /// The cluster's loopback port (kept across restarts).
    public let port: Int
    /// The application database on this cluster.
    public let database: TestDatabase
    private let directory: String
    private let settings: [String]

    /// Starts a cluster with extra `postgres -c` settings (e.g. `wal_writer_delay=10s`).
    public static func start(settings: [String] = []) async throws -> PrivateCluster {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("nexus-cluster-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        let output = try await Self.shell(
            #"start_postgres "$1/data" "${@:2}" >&2 && psql -q -d postgres -c 'CREATE DATABASE nexus OWNER nexus' >&2 && echo "$PGPORT""#,
            [directory] + settings)
        guard let port = Int(output.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw TestDatabaseError(message: "the private cluster did not report its port: \(output)")
        }
        return PrivateCluster(port: port, directory: directory, settings: settings)
    }

    /// Runs `body` with a cluster started with `settings`, and removes the cluster afterwards,
    /// whether `body` succeeds or throws.
    public static func with<Result: Sendable>(
        settings: [String] = [], _ body: (PrivateCluster) async throws -> Result
    ) async throws -> Result {
        let cluster = try await start(settings: settings)
        do {
            let result = try await body(cluster)
            await cluster.remove()
            return result
        } catch {
            await cluster.remove()
            throw error
        }
    }

    private init(port: Int, directory: String, settings: [String]) {
        self.port = port
        self.directory = directory
        self.settings = settings
        var configuration = PostgresClient.Configuration(host: "127.0.0.1", port: port, username: "nexus", password: "nexus", database: "nexus", tls: .disable)
        configuration.options.maximumConnections = 20
        var superuser = PostgresClient.Configuration(host: "127.0.0.1", port: port, username: "postgres", password: nil, database: "nexus", tls: .disable)
        superuser.options.maximumConnections = 4
        database = TestDatabase(name: "nexus", configuration: configuration, superuserConfiguration: superuser, url: "postgres://nexus:nexus@127.0.0.1:\(port)/nexus")
    }

    /// Kills the server as a power cut would (`pg_ctl stop -m immediate`: no checkpoint, WAL not
    /// yet written is gone); ``restart()`` then recovers from the WAL.
    public func crash() async throws {
        _ = try await Self.shell(#"as_postgres "$(postgres_bin)/pg_ctl" -D "$1/data" -m immediate -w stop >&2"#, [directory])
    }

    /// Starts the server again on the same port, after crash recovery.
    public func restart() async throws {
        _ = try await Self.shell(#"NEXUS_PG_PORT=$2 start_postgres "$1/data" "${@:3}" >&2"#, [directory, "\(port)"] + settings)
    }

    /// Stops the server (if running) and deletes its files.
    public func remove() async {
        _ = try? await Self.shell(
            #"as_postgres "$(postgres_bin)/pg_ctl" -D "$1/data" -m immediate -w stop >/dev/null 2>&1; rm -rf "$1""#, [directory])
    }

    /// Runs `script` in bash with `ops/lib.sh` sourced and `arguments` as `$1…`; returns its
    /// standard output, or throws with its standard error if it fails.
    private static func shell(_ script: String, _ arguments: [String]) async throws -> String {
        let library = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../ops/lib.sh").standardized.path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        // Foundation's `Process` learns that a child exited when a descriptor it passes down is
        // closed by every holder; the server that pg_ctl leaves running would hold it for good,
        // so the shell closes every descriptor above stderr first.
        let closeInherited = #"for fd in /proc/self/fd/*; do fd=${fd##*/}; if ((fd > 2)); then eval "exec $fd>&-" 2>/dev/null || true; fi; done"#
        process.arguments = ["-c", "set -euo pipefail; \(closeInherited); source \"\(library)\"; \(script)", "bash"] + arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        return try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { process in
                let out = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                let err = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                if process.terminationStatus == 0 {
                    continuation.resume(returning: out)
                } else {
                    continuation.resume(throwing: TestDatabaseError(message: "private cluster: \(script) failed: \(err)"))
                }
            }
            do { try process.run() } catch { continuation.resume(throwing: error) }
        }
    }
}
