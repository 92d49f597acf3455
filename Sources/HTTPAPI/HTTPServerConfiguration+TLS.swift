public import NIOSSL

extension HTTPServerConfiguration {
    /// A server TLS configuration from PEM files: the certificate chain (leaf first) and its
    /// private key. TLS 1.2 at least.
    public static func tls(certificateChainFile: String, privateKeyFile: String) throws -> TLSConfiguration {
        let chain = try NIOSSLCertificate.fromPEMFile(certificateChainFile).map { NIOSSLCertificateSource.certificate($0) }
        let key = try NIOSSLPrivateKey(file: privateKeyFile, format: .pem)
        var configuration = TLSConfiguration.makeServerConfiguration(certificateChain: chain, privateKey: .privateKey(key))
        configuration.minimumTLSVersion = .tlsv12
        return configuration
    }
}
