import Foundation

extension RebuildBenchmark {
    /// The storage reference for a read of the whole log: `psql`'s `\copy` of the events table's
    /// rows up to `head`, in global order, to `/dev/null` (text format, every column). Returns
    /// the rows copied and the seconds psql timed for the statement (its start-up and connection
    /// are not counted).
    package static func copyEverything(url: String, upTo head: Int64) throws -> (Int, Double) {
        let (status, text) = try ToolRun.output(of: try PostgresTool.executable("psql"), [
            "-X", "-v", "ON_ERROR_STOP=1", "-d", url, "-c", "\\timing on",
            "-c", "\\copy (SELECT * FROM events WHERE position <= \(head) ORDER BY position) to '/dev/null'",
        ])
        let lines = text.split(separator: "\n")
        guard status == 0,
            let rows = lines.lazy.compactMap({ $0.hasPrefix("COPY ") ? Int($0.dropFirst(5)) : nil }).first,
            let milliseconds = lines.lazy.compactMap({ $0.hasPrefix("Time: ") ? Double($0.dropFirst(6).prefix { $0 != " " }) : nil }).first
        else {
            throw BenchmarkFailure("psql \\copy failed (exit \(status)): \(lines.suffix(3).joined(separator: " | ").suffix(300))")
        }
        return (rows, milliseconds / 1000)
    }
}
