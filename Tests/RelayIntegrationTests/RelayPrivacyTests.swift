import EventStore
import EventStorePostgres
import Foundation
import Kafka
import NexusTestSupport
import PostgresNIO
import Privacy
import Relay
import Testing

@Suite("What the relay lets out: no secret, nothing of an erased person")
struct RelayPrivacyTests {
    /// With pages of one event, every page after the first is read ahead through the pool
    /// (``RelayPageReader``), so both ways a page is read pass the vault.
    @Test("a consumer of every message finds no password hash and no clear data of an erased person", arguments: [500, 1])
    func secretsAndErasedPersonsNeverReachKafka(batchSize: Int) async throws {
        let fixture = try RelayFixture()
        try await TestDatabase.withEventStore(prefix: "relay_privacy") { store, _ in
            try await PrivacySchema.migrator.migrate(store.client, logger: RelayFixture.logger)
            let erased = UUID()
            let kept = UUID()
            for (user, name) in [(erased, "Erin Erased"), (kept, "Kirk Kept")] {
                let id = user.uuidString.lowercased()
                let data = Data(#"""
                    {"email":"\#(id)@example.com","name":"\#(name)","passwordHash":"$2b$04$legacyhashlegacyhashlegacyhashlegacyhashlegacyhas","registeredAt":"2026-11-01T00:00:00.000Z","role":"customer","userId":"\#(id)"}
                    """#.utf8)
                _ = try await store.append(AppendRequest(
                    stream: try StreamName("user-\(id)"), expectedVersion: .noStream,
                    events: [EventData(type: "UserRegistered", schemaVersion: 1, data: data)]))
            }
            try await PersonalDataVault(client: store.client, configuration: nil, logger: RelayFixture.logger).erase(erased)
            let events = try await RelayFixture.allEvents(in: store)
            let consumer = try fixture.consumer()
            let received = try await TestServices.withRunning([fixture.broker, fixture.producer, fixture.relay(store: store, batchSize: batchSize), consumer]) {
                try await RelayFixture.collect(ids: RelayFixture.ids(events), from: consumer)
            }
            let values = received.map { String(decoding: $0.value, as: UTF8.self) }
            #expect(values.count == 2)
            #expect(values.allSatisfy { !$0.contains("$2b$") && !$0.contains("passwordHash") }, "\(values)")
            #expect(values.allSatisfy { !$0.contains("Erin Erased") && !$0.contains(erased.uuidString.lowercased() + "@") })
            #expect(values.contains { $0.contains("[erased]") } && values.contains { $0.contains("Kirk Kept") })
        }
    }
}
