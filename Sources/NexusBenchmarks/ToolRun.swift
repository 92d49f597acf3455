import Foundation

/// Runs a reference program (`pgbench`, `psql`) to completion and returns its exit status and
/// output. Standard output and error share one pipe, drained to the end: a second, unread pipe
/// could fill (64 KiB) and block the program forever, and its messages explain a failure.
enum ToolRun {
    static func output(of executable: URL, _ arguments: [String]) throws -> (status: Int32, text: String) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
