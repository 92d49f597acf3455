import EventStore
import EventStorePostgres
import Foundation
import Kafka
import NexusTestSupport
import Relay
import Testing

/// `nexus relay` as a real process: SIGKILL in the middle of publishing, a successor catches up,
/// and SIGTERM stops it gracefully.
@Suite("nexus relay survives being killed")
struct RelayProcessTests {
    @Test("SIGKILL mid-stream: a new relay process publishes every event, duplicates only after the saved checkpoint")
    func killedProcess() async throws {
        let fixture = try RelayFixture()
        try await TestDatabase.withEventStore(prefix: "relay_kill") { store, database in
            let events = try await RelayFixture.fillOrders(tag: "k", in: store)
            let checkpoints = PostgresCheckpointStore(client: store.client, logger: RelayFixture.logger)
            let consumer = try fixture.consumer()
            let arguments = ["relay", "--database-url", database.url, "--kafka-bootstrap", fixture.broker.bootstrapServers, "--batch-size", "50"]
            let (received, savedAtKill, successorStatus) = try await TestServices.withRunning([fixture.broker, consumer]) {
                let doomed = try ChildProcess(arguments: arguments)
                try await TestServices.eventually { try await checkpoints.position(of: "relay") > 0 }
                let status = await doomed.stop(signal: SIGKILL)
                #expect(status == SIGKILL)
                let savedAtKill = try await checkpoints.position(of: "relay")
                let successor = try ChildProcess(arguments: arguments)
                let received = try await RelayFixture.collect(ids: RelayFixture.ids(events), from: consumer, within: .seconds(120))
                try await TestServices.eventually(within: .seconds(60)) { try await checkpoints.position(of: "relay") == events.last?.position }
                return (received, savedAtKill, await successor.stop(signal: SIGTERM))
            }
            #expect(savedAtKill > 0 && savedAtKill < events.last!.position, "the kill should land mid-stream")
            #expect(successorStatus == 0, "a SIGTERM'd relay exits cleanly")
            let seen = RelayFixture.deliveryCounts(received)
            for event in events where event.position <= savedAtKill {
                #expect(seen[event.id.uuidString.lowercased()] == 1, "acknowledged event \(event.position) published twice")
            }
            #expect(Set(seen.keys) == RelayFixture.ids(events))
        }
    }
}
