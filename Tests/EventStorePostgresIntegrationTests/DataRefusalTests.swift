import EventStore
import EventStorePostgres
import Foundation
import NexusTestSupport
import Testing

@Suite("Values PostgreSQL refuses are the caller's error, not unavailability")
struct DataRefusalTests {
    @Test func aNulTheDatabaseRefusesIsAnInvalidRequest() async throws {
        try await TestDatabase.withEventStore(prefix: "data_refusal") { store, _ in
            let error = await #expect(throws: EventStoreError.self) { try await store.result(forIdempotencyKey: "key\u{0}") }
            #expect(error?.code == .invalidRequest, "SQLSTATE 22021 is not a reason to retry: \(String(describing: error))")
        }
    }

    @Test func aNulInTheActorIsRefusedBeforeTheDatabase() async throws {
        try await TestDatabase.withEventStore(prefix: "data_actor") { store, _ in
            let event = EventData(type: "Happened", data: Data("{}".utf8), metadata: EventMetadata(actor: "a\u{0}b"))
            let request = AppendRequest(stream: try Fixture.stream(), expectedVersion: .any, events: [event])
            let error = await #expect(throws: EventStoreError.self) { try await store.append(request) }
            #expect(error?.code == .invalidEventData)
            #expect(try await store.headPosition() == 0)
        }
    }
}
