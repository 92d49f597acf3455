import Foundation

/// CPU time of processes on this machine, read from Linux's `/proc` (nil elsewhere or when a
/// process cannot be read).
package enum ProcessCPU {
    /// The fields of `/proc/PID/stat` the benchmarks use, in clock ticks.
    package struct Stat: Equatable, Sendable {
        package var parent: Int32
        package var user: Int
        package var system: Int
        package var waitedChildrenUser: Int
        package var waitedChildrenSystem: Int

        /// Parses one `/proc/PID/stat` line. The command name (field 2) is in parentheses and
        /// may itself hold spaces and parentheses, so fields are counted after its last `)`.
        package init?(_ line: String) {
            guard let close = line.lastIndex(of: ")") else { return nil }
            let fields = line[line.index(after: close)...].split(separator: " ")
            // fields[0] is field 3 (state): parent is field 4, utime..cstime are fields 14–17.
            guard fields.count > 14, let parent = Int32(fields[1]), let user = Int(fields[11]), let system = Int(fields[12]),
                let childrenUser = Int(fields[13]), let childrenSystem = Int(fields[14])
            else { return nil }
            self.parent = parent
            self.user = user
            self.system = system
            self.waitedChildrenUser = childrenUser
            self.waitedChildrenSystem = childrenSystem
        }

        /// User and system ticks of the process itself.
        package var ownTicks: Int { user + system }
        /// Its own ticks plus those of the children it has waited for (exited ones).
        package var ticksWithWaitedChildren: Int { ownTicks + waitedChildrenUser + waitedChildrenSystem }
    }

    /// The stat of process `pid`.
    package static func stat(of pid: Int32) -> Stat? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return nil }
        return Stat(text)
    }

    /// The command name of process `pid` (`/proc/PID/comm`).
    package static func name(of pid: Int32) -> String? {
        (try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// CPU seconds of this process so far.
    package static func ownSeconds() -> Double? {
        stat(of: getpid()).map { Double($0.ownTicks) / ticksPerSecond }
    }

    /// CPU seconds of `root` and every process it started: its own, its exited children's
    /// (which it waited for) and its live children's. For a PostgreSQL postmaster that is the
    /// whole server: backends, WAL writer, checkpointer, also those that ended.
    package static func treeSeconds(of root: Int32) -> Double? {
        guard let rootStat = stat(of: root) else { return nil }
        let processes = (try? FileManager.default.contentsOfDirectory(atPath: "/proc"))?.compactMap(Int32.init) ?? []
        let children = processes.compactMap { pid in stat(of: pid).flatMap { $0.parent == root ? $0.ownTicks : nil } }
        return Double(rootStat.ticksWithWaitedChildren + children.reduce(0, +)) / ticksPerSecond
    }

    private static let ticksPerSecond = Double(sysconf(Int32(_SC_CLK_TCK)))
}
