import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs `pgbench` with a custom script against the same database, as a reference.
package struct Pgbench {
    /// The database URL pgbench connects to.
    package let url: String

    package init(url: String) {
        self.url = url
    }

    /// Runs `script` with `clients` connections for `seconds`; returns transactions per second.
    package func run(script: String, clients: Int, seconds: Int) throws -> Double {
        let scriptFile = FileManager.default.temporaryDirectory.appendingPathComponent("nexus-pgbench-\(UUID().uuidString).sql")
        try Data(script.utf8).write(to: scriptFile)
        defer { try? FileManager.default.removeItem(at: scriptFile) }

        try Self.unblockAlarmSignal()
        let (status, text) = try ToolRun.output(
            of: try PostgresTool.executable("pgbench"),
            ["-n", "-c", "\(clients)", "-j", "\(min(clients, 2))", "-T", "\(seconds)", "-f", scriptFile.path, url])
        guard status == 0,
            let line = text.split(separator: "\n").first(where: { $0.hasPrefix("tps = ") }),
            let tps = Double(line.dropFirst(6).prefix(while: { $0 != " " }))
        else {
            throw BenchmarkFailure("pgbench failed (exit \(status)): \(text.suffix(300))")
        }
        return tps
    }

    /// pgbench's `-T` relies on SIGALRM; a child inherits its parent thread's signal mask, and
    /// Swift's runtime threads may block it, which makes pgbench run forever.
    private static func unblockAlarmSignal() throws {
        #if canImport(Glibc)
        var signals = sigset_t()
        sigemptyset(&signals)
        sigaddset(&signals, SIGALRM)
        guard pthread_sigmask(SIG_UNBLOCK, &signals, nil) == 0 else {
            throw BenchmarkFailure("cannot unblock SIGALRM for pgbench")
        }
        #endif
    }
}
