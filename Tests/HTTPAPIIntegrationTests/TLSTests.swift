import EventStore
import Foundation
import HTTPAPI
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

/// TLS termination in the server itself, with a self-signed certificate made for the test.
@Suite("TLS termination")
struct TLSTests {
    @Test func withACertificateTheServerSpeaksHTTPSOnlyAndSendsHSTS() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("nexus-tls-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let certificate = directory.appendingPathComponent("cert.pem").path, key = directory.appendingPathComponent("key.pem").path
        let openssl = Process()
        openssl.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        openssl.arguments = ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                             "-keyout", key, "-out", certificate, "-days", "1", "-subj", "/CN=localhost"]
        openssl.standardOutput = FileHandle.nullDevice
        openssl.standardError = FileHandle.nullDevice
        try openssl.run()
        openssl.waitUntilExit()
        try #require(openssl.terminationStatus == 0, "openssl could not make a certificate")

        var configuration = HTTPServerConfiguration(jwtSecret: String(repeating: "s", count: 32))
        configuration.port = 0
        configuration.servesCommands = false
        configuration.tls = try HTTPServerConfiguration.tls(certificateChainFile: certificate, privateKeyFile: key)
        let api = try await NexusAPI.build(
            configuration: configuration, store: InMemoryEventStore(), privacy: nil, logger: Logger(label: "nexus.tls.test"))
        try await api.application.test(.ahc(.https)) { client in
            let health = try await client.executeRequest(uri: "/health", method: .get, headers: [:], body: nil)
            #expect(health.status == .ok)
            #expect(health.headers[.strictTransportSecurity] == "max-age=31536000")
            #expect(health.headers[.xContentTypeOptions] == "nosniff")
        }
        try await api.application.test(.ahc(.http)) { client in
            await #expect(throws: (any Error).self, "plain HTTP must not be answered") {
                _ = try await client.executeRequest(uri: "/health", method: .get, headers: [:], body: nil)
            }
        }
        #expect(throws: (any Error).self) {
            try HTTPServerConfiguration.tls(certificateChainFile: key, privateKeyFile: certificate)
        }
    }
}
