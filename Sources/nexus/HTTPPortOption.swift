import ArgumentParser
import NexusConfiguration

/// `--port`: where `serve` and `dev` answer HTTP, checked against the same range as
/// `NEXUS_HTTP_PORT` (a bad value stops the command before any work, never reaches the socket).
struct HTTPPortOption: ParsableArguments {
    @Option(name: .customLong("port"), help: "Listening port (env NEXUS_HTTP_PORT; default 8080).")
    var requestedPort: Int?

    /// The port given on the command line, else NEXUS_HTTP_PORT, else 8080.
    var port: Int { requestedPort ?? NexusSettings.current.httpPort ?? 8080 }

    func validate() throws {
        if let requestedPort, !SettingLimits.port.contains(requestedPort) {
            throw ValidationError("--port must be between \(SettingLimits.port.lowerBound) and \(SettingLimits.port.upperBound)")
        }
    }
}
