import ArgumentParser

/// Where `nexus serve` answers `/ready` and `/metrics`. With `--dev`: on the API port, open to
/// anyone. Otherwise on the ops port when one is given (`--ops-port`, `NEXUS_OPS_PORT`; with
/// `/health`), and on the API port only behind `NEXUS_OPS_TOKEN`; with neither, nowhere.
struct OpsEndpoints {
    /// Whether the API port serves them.
    var onAPIPort: Bool
    /// The bearer token they need on the API port.
    var token: String?
    /// The ops port, if any.
    var port: Int?

    /// The shortest accepted ops token, in bytes.
    static let minimumTokenLength = 32

    init(dev: Bool, port: Int?, token: String?) throws {
        if let token, token.utf8.count < Self.minimumTokenLength {
            throw ValidationError("NEXUS_OPS_TOKEN must be at least \(Self.minimumTokenLength) bytes")
        }
        self.port = port
        self.token = dev ? nil : token
        onAPIPort = dev || token != nil
    }
}
