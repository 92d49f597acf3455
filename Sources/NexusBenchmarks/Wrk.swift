package import Foundation

/// Runs `wrk` (Debian package `wrk`, installed by ops/bench) against one URL.
package enum Wrk {
    /// Requests per second for `url` with `connections` connections over `seconds`, each request
    /// with the bearer `token` and `headers` (`Name: value`).
    package static func requestsPerSecond(_ url: URL, token: String, headers: [String] = [], connections: Int, seconds: Int) throws -> Double {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/wrk")
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/wrk") else {
            throw BenchmarkFailure("wrk not found: apt-get install wrk (ops/bench installs it)")
        }
        process.arguments = [
            "-t", "2", "-c", "\(connections)", "-d", "\(seconds)s", "-H", "Authorization: Bearer \(token)",
        ] + headers.flatMap { ["-H", $0] } + [url.absoluteString]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0,
            let line = text.split(separator: "\n").first(where: { $0.hasPrefix("Requests/sec:") }),
            let rate = Double(line.dropFirst("Requests/sec:".count).trimmingCharacters(in: .whitespaces))
        else {
            throw BenchmarkFailure("wrk failed: \(text.suffix(300))")
        }
        let non2xx = text.split(separator: "\n").first { $0.contains("Non-2xx") }
        if let non2xx { throw BenchmarkFailure("wrk saw errors: \(non2xx)") }
        return rate
    }
}
