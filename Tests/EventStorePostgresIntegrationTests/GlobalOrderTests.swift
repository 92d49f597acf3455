import EventStore
import EventStorePostgres
import Foundation
import Logging
import NexusTestSupport
import PostgresNIO
import Synchronization
import Testing

@Suite("The global log under concurrent writers")
struct GlobalOrderTests {
    let logger = Logger(label: "nexus.test")

    /// Runs `body` with `count` independent stores (each its own client and group-commit
    /// writer) on one database, so their transactions really race each other.
    private func withStores(
        _ count: Int,
        on database: TestDatabase,
        running stores: [PostgresEventStore] = [],
        _ body: @escaping @Sendable ([PostgresEventStore]) async throws -> Void
    ) async throws {
        guard stores.count < count else { return try await body(stores) }
        try await database.withEventStore { store in
            try await withStores(count, on: database, running: stores + [store], body)
        }
    }

    /// How a test reads the global log: through the pool (two statements), or in one statement
    /// on a connection of its own, as the relay does.
    enum GlobalRead: CaseIterable, Sendable {
        case pooled, oneStatement

        func read(_ store: PostgresEventStore, after position: Int64, limit: Int) async throws -> [RecordedEvent] {
            switch self {
            case .pooled: try await store.readAll(after: position, limit: limit)
            case .oneStatement: try await store.client.withConnection { try await store.readAll(after: position, limit: limit, on: $0) }
            }
        }
    }

    @Test("a reader following the log sees every committed event exactly once, in stream order", arguments: GlobalRead.allCases)
    func noSkippedEvents(read: GlobalRead) async throws {
        let database = try await TestDatabase.create(prefix: "global_order")
        try await withStores(4, on: database) { stores in
            let writers = 16
            // At least 4 s and at least 200 events (a loaded machine writes slowly), at most 60 s.
            let deadline = ContinuousClock.now + .seconds(4)
            let hardStop = ContinuousClock.now + .seconds(60)
            let written = WrittenEvents()
            let writersDone = Counter()

            try await withThrowingTaskGroup(of: [RecordedEvent].self) { group in
                for writer in 0..<writers {
                    group.addTask {
                        defer { writersDone.increment() }
                        let store = stores[writer % stores.count]
                        let streams = try (0..<3).map { _ in try Fixture.stream("writer") }
                        var versions = [Int64](repeating: 0, count: streams.count)
                        var round = 0
                        while ContinuousClock.now < hardStop,
                              ContinuousClock.now < deadline || written.versions.withLock({ $0.count }) < 200 {
                            let index = round % streams.count
                            let events = Fixture.events(1 + round % 3)
                            let expected: ExpectedVersion = versions[index] == 0 ? .noStream : .exact(versions[index])
                            let result = try await store.append(AppendRequest(stream: streams[index], expectedVersion: expected, events: events))
                            written.versions.withLock { map in
                                for (offset, event) in events.enumerated() {
                                    map[event.id] = (streams[index], versions[index] + Int64(offset) + 1)
                                }
                            }
                            versions[index] = result.streams[0].version
                            round += 1
                        }
                        return []
                    }
                }
                group.addTask {
                    var seen: [RecordedEvent] = []
                    var checkpoint: Int64 = 0
                    while true {
                        let finished = writersDone.value == writers
                        let page = try await read.read(stores[0], after: checkpoint, limit: 200)
                        seen += page
                        checkpoint = page.last?.position ?? checkpoint
                        if page.isEmpty && finished { return seen }
                    }
                }
                var seen: [RecordedEvent] = []
                for try await result in group { seen += result }

                let expected = written.versions.withLock { $0 }
                #expect(expected.count > 100, "the writers should have appended a real load")
                #expect(seen.count == expected.count)
                let missing = Set(expected.keys).subtracting(seen.map(\.id))
                #expect(missing.isEmpty, "\(missing.count) committed events were never seen by the reader")
                #expect(zip(seen, seen.dropFirst()).allSatisfy { $0.position < $1.position })
                var lastVersion: [StreamName: Int64] = [:]
                for event in seen {
                    #expect(event.version == (lastVersion[event.stream] ?? 0) + 1, "stream \(event.stream) out of order")
                    #expect(expected[event.id]?.version == event.version)
                    lastVersion[event.stream] = event.version
                }
                // Batches of several writers, several events per stream: every hash chains.
                #expect(try await stores[0].verifyChains().isIntact)
            }
        }
    }

    @Test(
        "an append that drew its positions but commits late holds readers back; committed or rolled back, nothing is skipped",
        arguments: [true, false], GlobalRead.allCases
    )
    func lateCommit(commits: Bool, read: GlobalRead) async throws {
        try await TestDatabase.withEventStore(prefix: "late_commit") { store, database in
            let head = try await store.headPosition()
            let late = try Fixture.stream()
            let early = try Fixture.stream()
            try await TestDatabase.withClient(database.configuration) { client in
                try await client.withConnection { connection in
                    // A batch exactly as the store writes it, left uncommitted in an open transaction.
                    try await connection.query("BEGIN", logger: logger)
                    let ids = [UUID()]
                    try await connection.query(
                        """
                        SELECT * FROM nexus_append(\(ids), \([late.rawValue]), \([Int64(1)]), \(["Happened"]), \([Int32(1)]),
                            \([#"{"n": 1}"#])::jsonb[], \(["{}"])::jsonb[], \([String]())::text[], \([String]())::jsonb[], false)
                        """,
                        logger: logger
                    )
                    let committed = try await store.append(AppendRequest(stream: early, expectedVersion: .noStream, events: Fixture.events(2)))
                    #expect(committed.position > head + 1)
                    // The later append has committed, but a reader must not pass the open one.
                    #expect(try await read.read(store, after: head, limit: 10).isEmpty)

                    try await connection.query(commits ? "COMMIT" : "ROLLBACK", logger: logger)
                    let streams = try await read.read(store, after: head, limit: 10).map(\.stream)
                    #expect(streams == (commits ? [late, early, early] : [early, early]))
                }
            }
        }
    }

    @Test("independent stores racing on one stream: exactly one append per version wins, the others get typed conflicts")
    func crossProcessRace() async throws {
        let database = try await TestDatabase.create(prefix: "global_race")
        try await withStores(12, on: database) { stores in
            let stream = try Fixture.stream()
            for version in Int64(0)..<5 {
                let outcomes = await withTaskGroup(of: String.self) { group in
                    for attempt in 0..<12 {
                        group.addTask {
                            let expected: ExpectedVersion = version == 0 ? .noStream : .exact(version)
                            let request = AppendRequest(stream: stream, expectedVersion: expected, events: Fixture.events(1))
                            do {
                                _ = try await stores[attempt % stores.count].append(request)
                                return "won"
                            } catch let error as EventStoreError {
                                return "\(error.code) actual \(error.conflicts.map(\.actual))"
                            } catch {
                                return "\(error)"
                            }
                        }
                    }
                    return await group.reduce(into: [String]()) { $0.append($1) }
                }
                // Every loser learns the version it lost to, whichever store and batch it was in.
                #expect(outcomes.sorted() == ["won"] + Array(repeating: "wrongExpectedVersion actual [\(version + 1)]", count: 11).sorted())
            }
            #expect(try await stores[1].readStream(stream).map(\.version) == [1, 2, 3, 4, 5])
        }
    }

    @Test("independent stores racing with one idempotency key: one write, every caller gets its result")
    func crossProcessIdempotencyRace() async throws {
        let database = try await TestDatabase.create(prefix: "global_key_race")
        try await withStores(12, on: database) { stores in
            for round in 0..<5 {
                let stream = try Fixture.stream()
                let key = "race-\(round)-\(UUID().uuidString)"
                let results = try await withThrowingTaskGroup(of: AppendResult.self) { group in
                    for attempt in 0..<12 {
                        group.addTask {
                            let request = AppendRequest(stream: stream, expectedVersion: .any, events: Fixture.events(2), idempotencyKey: key)
                            return try await stores[attempt % stores.count].append(request)
                        }
                    }
                    return try await group.reduce(into: [AppendResult]()) { $0.append($1) }
                }
                #expect(results.filter { !$0.isReplay }.count == 1)
                #expect(Set(results.map(\.streams)).count == 1)
                #expect(try await stores[0].readStream(stream).map(\.version) == [1, 2])
            }
        }
    }
}

/// Events the writers committed, by id: their stream and version.
private final class WrittenEvents: Sendable {
    let versions = Mutex<[UUID: (stream: StreamName, version: Int64)]>([:])
}

/// A shared counter.
private final class Counter: Sendable {
    private let count = Atomic<Int>(0)
    func increment() { count.add(1, ordering: .sequentiallyConsistent) }
    var value: Int { count.load(ordering: .sequentiallyConsistent) }
}
