import Foundation
import Kafka
import NexusTestSupport
import Testing

@Suite("Kafka interoperability with an independent client")
struct KafkaInteroperabilityTests {
    typealias Support = KafkaTestSupport

    @Test("kcat reads what Nexus produced, with keys and headers intact")
    func kcatReadsNexusMessages() async throws {
        let fixture = try KafkaFixture(topicPrefix: "interop", partitions: 1)
        let (broker, topic, producer) = (fixture.broker, fixture.topic, fixture.producer)
        let messages = (1...3).map { index in
            KafkaOutgoingMessage(
                topic: topic, key: "product-SKU\(index)", value: Array(#"{"n":\#(index)}"#.utf8),
                headers: [KafkaHeader(name: "ce_id", string: "id-\(index)"), KafkaHeader(name: "ce_specversion", string: "1.0")]
            )
        }

        let output = try await TestServices.withRunning([broker, producer]) {
            _ = try await producer.send(messages)
            return try await Self.kcat(["-C", "-b", broker.bootstrapServers, "-t", topic, "-o", "beginning", "-e", "-q", "-f", "%k|%h|%s\\n"])
        }

        let lines = output.split(separator: "\n").map(String.init)
        #expect(lines == [
            #"product-SKU1|ce_id=id-1,ce_specversion=1.0|{"n":1}"#,
            #"product-SKU2|ce_id=id-2,ce_specversion=1.0|{"n":2}"#,
            #"product-SKU3|ce_id=id-3,ce_specversion=1.0|{"n":3}"#,
        ])
    }

    /// Runs Debian's kcat and returns its standard output.
    private static func kcat(_ arguments: [String]) async throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/kcat")
        process.arguments = arguments
        let stdout = Pipe()
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        try await TestServices.within(.seconds(30)) {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                process.terminationHandler = { _ in continuation.resume() }
                do { try process.run() } catch { continuation.resume(throwing: error) }
            }
        }
        let data = stdout.fileHandleForReading.readDataToEndOfFile()
        #expect(process.terminationStatus == 0)
        return String(decoding: data, as: UTF8.self)
    }
}
