import ArgumentParser
import HTTPAPI
import NIOSSL
import NexusConfiguration

/// TLS termination in `nexus serve`, for deployments without a proxy: `NEXUS_TLS_CERT_FILE`
/// (PEM certificate chain, leaf first) and `NEXUS_TLS_KEY_FILE` (its PEM private key), both or
/// neither.
enum TLSFiles {
    /// The TLS configuration the files name, or `nil` when neither is set.
    static func configured() throws -> TLSConfiguration? {
        let certificate = NexusSettings.current.tlsCertificateFile, key = NexusSettings.current.tlsKeyFile
        guard let certificate, let key else {
            if certificate != nil || key != nil { throw ValidationError("set both NEXUS_TLS_CERT_FILE and NEXUS_TLS_KEY_FILE, or neither") }
            return nil
        }
        do {
            return try HTTPServerConfiguration.tls(certificateChainFile: certificate, privateKeyFile: key)
        } catch {
            throw ValidationError("cannot load the TLS certificate or key (NEXUS_TLS_CERT_FILE, NEXUS_TLS_KEY_FILE): \(error)")
        }
    }
}
