import ArgumentParser

/// `--ops-port`: where a background role (relay, projector) answers `/health`, `/ready`, `/metrics`.
struct OpsPortOption: ParsableArguments {
    @Option(name: .customLong("ops-port"), help: "Serve /health, /ready and /metrics on this port (env NEXUS_OPS_PORT; default: none).")
    var requestedPort: Int?

    /// The port given on the command line, else NEXUS_OPS_PORT, else none.
    var port: Int? { requestedPort ?? Environment.value("NEXUS_OPS_PORT").flatMap(Int.init) }

    func validate() throws {
        if let port, !(0...65535).contains(port) { throw ValidationError("--ops-port must be between 0 and 65535") }
    }
}
