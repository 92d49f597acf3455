import Foundation
import Glibc
import Kafka
import NexusTestSupport
import Testing

@Suite("Embedded broker sockets")
struct EmbeddedBrokerSocketTests {
    /// Without `TCP_NODELAY` the mock broker's answer to a produce request waits for the client's
    /// delayed ACK (40 ms on Linux) whenever the client has nothing more to send: every delivery
    /// report of an idle producer came 40–45 ms after the produce (`nexus bench e2e`).
    @Test("the embedded broker answers on connections with Nagle's algorithm off")
    func brokerConnectionsDisableNagle() async throws {
        let fixture = try KafkaFixture(topicPrefix: "nagle", partitions: 1)
        let (broker, topic, producer) = (fixture.broker, fixture.topic, fixture.producer)
        let port = try #require(broker.bootstrapServers.split(separator: ",").first?.split(separator: ":").last.flatMap { UInt16($0) })

        // Read while the broker runs: its descriptors close when it stops.
        let accepted = try await TestServices.withRunning([broker, producer]) {
            _ = try await producer.send(KafkaOutgoingMessage(topic: topic, key: "k", value: [1]))
            return Self.acceptedConnections(onPort: port).map { ($0, Self.noDelay(on: $0)) }
        }

        #expect(!accepted.isEmpty, "no connection accepted on port \(port) found")
        for (descriptor, noDelay) in accepted {
            #expect(noDelay == 1, "connection \(descriptor) accepted by the broker has Nagle's algorithm on")
        }
    }

    /// The socket's `TCP_NODELAY` (nil when it cannot be read).
    private static func noDelay(on descriptor: Int32) -> Int32? {
        var value: Int32 = 0
        var size = socklen_t(MemoryLayout<Int32>.size)
        return getsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &value, &size) == 0 ? value : nil
    }

    /// This process's connected TCP sockets whose local port is `port` (the broker's side).
    private static func acceptedConnections(onPort port: UInt16) -> [Int32] {
        let descriptors = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        return descriptors.compactMap(Int32.init).filter { descriptor in
            var local = sockaddr_in()
            var peer = sockaddr_in()
            var size = socklen_t(MemoryLayout<sockaddr_in>.size)
            let named = withUnsafeMutablePointer(to: &local) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &size) }
            }
            guard named == 0, local.sin_family == sa_family_t(AF_INET), UInt16(bigEndian: local.sin_port) == port else { return false }
            size = socklen_t(MemoryLayout<sockaddr_in>.size)
            return withUnsafeMutablePointer(to: &peer) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getpeername(descriptor, $0, &size) }
            } == 0
        }
    }
}
