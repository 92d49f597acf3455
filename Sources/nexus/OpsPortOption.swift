import ArgumentParser
import NexusConfiguration

/// `--ops-port`: where a background role (relay, projector) answers `/health`, `/ready`, `/metrics`.
struct OpsPortOption: ParsableArguments {
    @Option(name: .customLong("ops-port"), help: "Serve /health, /ready and /metrics on this port (env NEXUS_OPS_PORT; default: none).")
    var requestedPort: Int?

    /// The port given on the command line, else NEXUS_OPS_PORT, else none.
    var port: Int? { requestedPort ?? NexusSettings.current.opsPort }

    func validate() throws {
        if let requestedPort, !SettingLimits.port.contains(requestedPort) { throw ValidationError("--ops-port must be between 0 and 65535") }
    }
}
