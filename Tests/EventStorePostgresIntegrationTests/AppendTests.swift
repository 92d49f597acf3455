import EventStore
import EventStorePostgres
import Foundation
import NexusTestSupport
import Testing

@Suite("Appending to the PostgreSQL event store")
struct AppendTests {
    @Test("expected versions: no-stream, exact, stream-exists and any")
    func expectedVersions() async throws {
        try await TestDatabase.withEventStore(prefix: "append_versions") { store, _ in
            let stream = try Fixture.stream()
            let first = try await store.append(AppendRequest(stream: stream, expectedVersion: .noStream, events: Fixture.events(2)))
            #expect(first.streams == [StreamAppendResult(stream: stream.rawValue, version: 2, position: first.position)])

            let second = try await store.append(AppendRequest(stream: stream, expectedVersion: .exact(2), events: Fixture.events(1)))
            #expect(second.streams[0].version == 3)
            #expect(second.position > first.position)

            _ = try await store.append(AppendRequest(stream: stream, expectedVersion: .streamExists, events: Fixture.events(1)))
            _ = try await store.append(AppendRequest(stream: stream, expectedVersion: .any, events: Fixture.events(1)))
            #expect(try await store.currentVersion(of: stream) == 5)
            #expect(try await store.readStream(stream).map(\.version) == [1, 2, 3, 4, 5])
        }
    }

    @Test("a version mismatch is a typed conflict carrying the actual version, and writes nothing")
    func conflict() async throws {
        try await TestDatabase.withEventStore(prefix: "append_conflict") { store, _ in
            let stream = try Fixture.stream()
            _ = try await store.append(AppendRequest(stream: stream, expectedVersion: .noStream, events: Fixture.events(3)))
            for expected in [ExpectedVersion.noStream, .exact(2), .exact(4)] {
                let error = await #expect(throws: EventStoreError.self) {
                    try await store.append(AppendRequest(stream: stream, expectedVersion: expected, events: Fixture.events(1)))
                }
                #expect(error?.code == .wrongExpectedVersion)
                #expect(error?.conflicts == [.init(stream: stream.rawValue, expected: expected, actual: 3)])
            }
            let missing = try Fixture.stream()
            let error = await #expect(throws: EventStoreError.self) {
                try await store.append(AppendRequest(stream: missing, expectedVersion: .streamExists, events: Fixture.events(1)))
            }
            #expect(error?.conflicts.first?.actual == 0)
            #expect(try await store.headPosition() == 3)
        }
    }

    @Test("a multi-stream append is atomic: one failed check writes nothing on any stream")
    func multiStreamAtomicity() async throws {
        try await TestDatabase.withEventStore(prefix: "append_atomic") { store, _ in
            let order = try Fixture.stream("order")
            let stockA = try Fixture.stream("inventory")
            let stockB = try Fixture.stream("inventory")
            _ = try await store.append(AppendRequest(stream: stockA, expectedVersion: .noStream, events: Fixture.events(1)))
            _ = try await store.append(AppendRequest(stream: stockB, expectedVersion: .noStream, events: Fixture.events(2)))
            let head = try await store.headPosition()

            let failing = AppendRequest(streams: [
                StreamAppend(stream: order, expectedVersion: .noStream, events: Fixture.events(1)),
                StreamAppend(stream: stockA, expectedVersion: .exact(1), events: Fixture.events(1)),
                StreamAppend(stream: stockB, expectedVersion: .exact(1), events: Fixture.events(1)),
            ])
            let error = await #expect(throws: EventStoreError.self) { try await store.append(failing) }
            #expect(error?.conflicts == [.init(stream: stockB.rawValue, expected: .exact(1), actual: 2)])
            #expect(try await store.headPosition() == head)
            #expect(try await store.currentVersion(of: order) == 0)
            #expect(try await store.currentVersion(of: stockA) == 1)

            var passing = failing
            passing.streams[2].expectedVersion = .exact(2)
            let result = try await store.append(passing)
            #expect(result.streams.map(\.version) == [1, 2, 3])
            #expect(result.streams.map(\.stream) == [order, stockA, stockB].map(\.rawValue))
            #expect(try await store.readAll(after: head, limit: 10).count == 3)
        }
    }

    @Test("a retried idempotency key appends nothing and returns the first result")
    func idempotency() async throws {
        try await TestDatabase.withEventStore(prefix: "append_idempotent") { store, _ in
            let stream = try Fixture.stream()
            let request = AppendRequest(stream: stream, expectedVersion: .noStream, events: Fixture.events(2), idempotencyKey: "order-42-attempt")
            let first = try await store.append(request)
            #expect(!first.isReplay)

            var retry = request
            retry.streams[0].events = Fixture.events(2)  // new event ids, as a retried command would make
            let second = try await store.append(retry)
            #expect(second.isReplay)
            #expect(second.streams == first.streams)
            #expect(second.position == first.position)
            #expect(try await store.headPosition() == 2)
            #expect(try await store.readStream(stream).allSatisfy { $0.metadata.idempotencyKey == "order-42-attempt" })
        }
    }

    @Test("the very same request sent again (same event ids and key, as after an unknown outcome) replays the first result")
    func identicalRetry() async throws {
        try await TestDatabase.withEventStore(prefix: "append_identical_retry") { store, _ in
            let stream = try Fixture.stream()
            let request = AppendRequest(stream: stream, expectedVersion: .exact(0), events: Fixture.events(2), idempotencyKey: "retry-same-ids")
            let first = try await store.append(request)
            let second = try await store.append(request)
            #expect(second.isReplay)
            #expect(second.streams == first.streams)
            #expect(try await store.headPosition() == 2)

            // Without the key, an event id used before is refused and nothing is written.
            var reused = AppendRequest(stream: try Fixture.stream(), expectedVersion: .noStream, events: request.streams[0].events)
            reused.idempotencyKey = nil
            let error = await #expect(throws: EventStoreError.self) { try await store.append(reused) }
            #expect(error?.code == .invalidRequest)
            #expect(try await store.headPosition() == 2)
        }
    }

    @Test("concurrent retries with one idempotency key write once and all see the same result")
    func concurrentIdempotency() async throws {
        try await TestDatabase.withEventStore(prefix: "append_idem_race") { store, _ in
            let stream = try Fixture.stream()
            let results = try await withThrowingTaskGroup(of: AppendResult.self) { group in
                for _ in 0..<20 {
                    group.addTask {
                        try await store.append(AppendRequest(stream: stream, expectedVersion: .any, events: Fixture.events(1), idempotencyKey: "same-key"))
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(results.filter { !$0.isReplay }.count == 1)
            #expect(Set(results.map(\.streams)).count == 1)
            #expect(try await store.currentVersion(of: stream) == 1)
        }
    }

    @Test("concurrent writers racing for one stream version: exactly one wins each version")
    func optimisticRace() async throws {
        try await TestDatabase.withEventStore(prefix: "append_race") { store, _ in
            let stream = try Fixture.stream()
            _ = try await store.append(AppendRequest(stream: stream, expectedVersion: .noStream, events: Fixture.events(1)))
            let outcomes = await withTaskGroup(of: Bool.self) { group in
                for _ in 0..<32 {
                    group.addTask {
                        do {
                            _ = try await store.append(AppendRequest(stream: stream, expectedVersion: .exact(1), events: Fixture.events(1)))
                            return true
                        } catch {
                            return false
                        }
                    }
                }
                return await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 }.count == 1)
            #expect(try await store.currentVersion(of: stream) == 2)
        }
    }
}

@Suite("Looking up an append by its idempotency key")
struct IdempotencyLookupTests {
    @Test("the result of a keyed append can be read back; unknown keys answer nil")
    func lookup() async throws {
        try await TestDatabase.withEventStore(prefix: "idem_lookup") { store, _ in
            let stream = try Fixture.stream()
            let first = try await store.append(AppendRequest(stream: stream, expectedVersion: .noStream, events: Fixture.events(2), idempotencyKey: "lookup-key"))
            let found = try await store.result(forIdempotencyKey: "lookup-key")
            #expect(found?.streams == first.streams)
            #expect(found?.isReplay == true)
            #expect(try await store.result(forIdempotencyKey: "never-used") == nil)
        }
    }
}
