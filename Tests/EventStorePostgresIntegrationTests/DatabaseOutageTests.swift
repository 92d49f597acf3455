import EventStore
import EventStorePostgres
import Foundation
import NexusTestSupport
import Testing

@Suite("Appends while PostgreSQL is down")
struct DatabaseOutageTests {
    /// A cluster of this test's own is stopped (`pg_ctl stop -m immediate`) while twelve appends
    /// arrive at once: the two writers take a batch each and wait for a connection, the others
    /// wait in the queue. Every append must fail as `unavailable` within the deadline (before,
    /// all of them waited for the database and succeeded once it was back), none of them may be
    /// written after the restart, and the store must serve appends again by itself.
    @Test(
        "appends fail within the deadline while the database is down, withdrawn ones never appear, and the store recovers",
        .timeLimit(.minutes(2)))
    func appendsDuringAnOutage() async throws {
        try await PrivateCluster.with { try await appendDuringOutage(on: $0) }
    }

    private func appendDuringOutage(on cluster: PrivateCluster) async throws {
        let deadline = PostgresDeadlines().connectionWait
        try await cluster.database.withEventStore { store in
            _ = try await store.append(AppendRequest(stream: try Fixture.stream("before"), expectedVersion: .noStream, events: Fixture.events(1)))
            try await cluster.crash()
            let attempts = (0..<12).map { index in
                Task { () -> (Duration, EventStoreError.Code?) in
                    let request = try! Self.request(key: "outage-\(index)")
                    let start = ContinuousClock.now
                    do {
                        _ = try await store.append(request)
                        return (ContinuousClock.now - start, nil)
                    } catch let error as EventStoreError {
                        return (ContinuousClock.now - start, error.code)
                    } catch {
                        return (ContinuousClock.now - start, .invalidRequest)
                    }
                }
            }
            // Long enough for every attempt to have given up; the database then comes back whatever they did.
            try await Task.sleep(for: deadline + .seconds(4))
            try await cluster.restart()
            for attempt in attempts {
                let (elapsed, code) = await attempt.value
                #expect(code == .unavailable, "an append during the outage was answered \(code.map(\.rawValue) ?? "success") after \(elapsed)")
                #expect(elapsed <= deadline + .seconds(2), "an append during the outage was answered after \(elapsed)")
            }

            // The store recovers by itself.
            let recovered = Shared<AppendResult?>(nil)
            try await TestServices.eventually(within: .seconds(60)) {
                guard let result = try? await store.append(Self.request(key: "after-restart")) else { return false }
                recovered.update { $0 = result }
                return true
            }
            // Nothing withdrawn was written meanwhile, nor later.
            try await Task.sleep(for: .seconds(1))
            let stored = try await store.readAll(after: 0, limit: 1000)
            #expect(stored.count == 2, "events after the outage: \(stored.map(\.stream))")
            #expect(stored.last?.position == recovered.value?.position)

            // A withdrawn append retried with its key applies once; its next retry is a replay.
            let retried = try await store.append(Self.request(key: "outage-0"))
            #expect(!retried.isReplay)
            let again = try await store.append(Self.request(key: "outage-0"))
            #expect(again.isReplay && again.position == retried.position)
            #expect(try await store.readAll(after: 0, limit: 1000).count == 3)
        }
    }

    private static func request(key: String) throws -> AppendRequest {
        AppendRequest(stream: try StreamName(category: "outage", id: key), expectedVersion: .any, events: Fixture.events(1), idempotencyKey: key)
    }
}
