import Foundation

/// A browser test in `Tests/Browser` (Python, standard library only, driving headless Chromium
/// through chromedriver; ops/test installs both), run against a server of this test process.
/// Screenshots and logs go to `$NEXUS_TEST_ARTIFACTS/browser/<name>` (ops/test: `test-artifacts/`).
enum BrowserScript {
    /// The folder of the scripts.
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Browser")

    /// Runs `script` with `arguments` followed by its artifacts folder; returns its standard
    /// output, or throws with everything it wrote when it fails or takes longer than `limit`.
    static func run(_ script: String, _ arguments: [String], limit: Duration = .seconds(180)) async throws -> String {
        let root = ProcessInfo.processInfo.environment["NEXUS_TEST_ARTIFACTS"].map(URL.init(fileURLWithPath:))
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("nexus-test-artifacts")
        let artifacts = root.appendingPathComponent("browser").appendingPathComponent((script as NSString).deletingPathExtension)
        try FileManager.default.createDirectory(at: artifacts, withIntermediateDirectories: true)
        let output = artifacts.appendingPathComponent("output.txt")
        FileManager.default.createFile(atPath: output.path, contents: nil)
        let handle = try FileHandle(forWritingTo: output)
        defer { try? handle.close() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", folder.appendingPathComponent(script).path] + arguments + [artifacts.path]
        process.currentDirectoryURL = folder
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        let deadline = ContinuousClock.now + limit
        while process.isRunning {
            if ContinuousClock.now > deadline {
                process.terminate()
                throw HarnessError(message: "\(script) took longer than \(limit)")
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        let text = String(decoding: (try? Data(contentsOf: output)) ?? Data(), as: UTF8.self)
        guard process.terminationStatus == 0 else {
            throw HarnessError(message: "\(script) failed (\(process.terminationStatus)); artifacts in \(artifacts.path):\n\(text)")
        }
        return text
    }
}
