import EventStorePostgres
import Foundation
import Kafka
import NexusTestSupport
import Relay
import Testing

@Suite("The relay's checkpoint is bound to the Kafka cluster it publishes to")
struct RelayClusterBindingTests {
    /// Two embedded brokers are two clusters. Before the binding, a relay connected to the second
    /// published there everything after the first cluster's checkpoint and moved it: those events
    /// would never have reached the first cluster.
    @Test("a relay connected to another cluster refuses to publish and never moves the first cluster's checkpoint")
    func anotherClusterNeverMovesTheCheckpoint() async throws {
        let first = try RelayFixture()
        let second = try RelayFixture()
        try await TestDatabase.withEventStore(prefix: "relay_cluster") { store, _ in
            let checkpoints = PostgresCheckpointStore(client: store.client, logger: RelayFixture.logger)
            try await RelayFixture.append(20, to: "inventory-SKU-CLUSTER", in: store)
            let published = try #require(try await RelayFixture.allEvents(in: store).last?.position)
            try await TestServices.withRunning([first.broker, first.producer]) {
                try await TestServices.withRunning([first.relay(store: store)]) {
                    try await TestServices.eventually { try await checkpoints.position(of: "relay") == published }
                }

                try await RelayFixture.append(10, to: "inventory-SKU-CLUSTER", in: store)
                let stray = second.relay(store: store)
                let refusal = try await TestServices.withRunning([second.broker, second.producer]) {
                    try await TestServices.within(.seconds(20)) { () -> String in
                        do {
                            try await stray.run()
                            return "stopped without an error"
                        } catch let error as RelayClusterMismatch {
                            return error.description
                        }
                    }
                }
                #expect(refusal.contains("bound to Kafka cluster"), "\(refusal)")
                #expect(try await checkpoints.position(of: "relay") == published)

                // The first cluster's relay carries on from its checkpoint.
                let head = try #require(try await RelayFixture.allEvents(in: store).last?.position)
                try await TestServices.withRunning([first.relay(store: store)]) {
                    try await TestServices.eventually { try await checkpoints.position(of: "relay") == head }
                }
            }
        }
    }
}
