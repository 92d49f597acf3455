import EventStore
import Foundation
import Testing

@testable import EventStorePostgres

/// How one batch of append requests is decided, without a database: each request sees the
/// versions the requests before it left, exactly as if they had committed one after the other.
@Suite("AppendPlan decides a batch as if its requests committed in turn")
struct AppendPlanTests {
    private static func event(_ type: String = "Tested") -> EventData {
        EventData(type: type, data: Data(#"{"n":1}"#.utf8))
    }

    private static func request(
        _ stream: String, expecting expected: ExpectedVersion, events: Int = 1, key: String? = nil, fingerprint: String? = nil
    ) throws -> AppendRequest {
        let append = StreamAppend(stream: try StreamName(stream), expectedVersion: expected, events: (0..<events).map { _ in event() })
        return AppendRequest(streams: [append], idempotencyKey: key, requestFingerprint: fingerprint)
    }

    /// Positions for every planned row, in row order, starting at `first`.
    private static func positions(of plan: AppendPlan, from first: Int64 = 1) -> [UUID: Int64] {
        Dictionary(uniqueKeysWithValues: plan.rows.ids.enumerated().map { ($0.element, first + Int64($0.offset)) })
    }

    @Test func requestsOnOneStreamNumberTheirEventsInQueueOrder() throws {
        var plan = AppendPlan(earlierResults: [:], versions: ["order-1": 2])
        plan.add(try Self.request("order-1", expecting: .exact(2), events: 2))
        plan.add(try Self.request("order-1", expecting: .exact(4)))
        #expect(plan.rows.versions == [3, 4, 5])
        #expect(plan.rows.streams == ["order-1", "order-1", "order-1"])
        #expect(plan.rows.hasRepeatedStreams)
        let outcomes = plan.outcomes(positions: Self.positions(of: plan, from: 10))
        #expect(try outcomes[0].get() == AppendResult(streams: [.init(stream: "order-1", version: 4, position: 11)], position: 11))
        #expect(try outcomes[1].get() == AppendResult(streams: [.init(stream: "order-1", version: 5, position: 12)], position: 12))
    }

    @Test func aStaleExpectationConflictsAndWritesNothing() throws {
        var plan = AppendPlan(earlierResults: [:], versions: [:])
        plan.add(try Self.request("order-1", expecting: .noStream))
        plan.add(try Self.request("order-1", expecting: .noStream))
        #expect(plan.rows.count == 1)
        let outcomes = plan.outcomes(positions: Self.positions(of: plan))
        #expect(throws: Never.self) { try outcomes[0].get() }
        guard case .failure(let error) = outcomes[1] else {
            Issue.record("the second no-stream append must conflict")
            return
        }
        #expect(error.code == .wrongExpectedVersion)
        #expect(error.conflicts == [.init(stream: "order-1", expected: .noStream, actual: 1)])
    }

    @Test func aConflictOnOneStreamOfAMultiStreamRequestWritesNoneOfIt() throws {
        var plan = AppendPlan(earlierResults: [:], versions: ["inventory-A": 3])
        let request = AppendRequest(streams: [
            StreamAppend(stream: try StreamName("inventory-A"), expectedVersion: .exact(3), events: [Self.event()]),
            StreamAppend(stream: try StreamName("inventory-B"), expectedVersion: .streamExists, events: [Self.event()]),
        ])
        plan.add(request)
        #expect(plan.rows.isEmpty)
        guard case .failure(let error) = plan.outcomes(positions: [:])[0] else {
            Issue.record("inventory-B does not exist, so nothing may be written")
            return
        }
        #expect(error.conflicts.map(\.stream) == ["inventory-B"])
    }

    @Test func aKeyRecordedEarlierReplaysItsResultAndWritesNothing() throws {
        let earlier = AppendResult(streams: [.init(stream: "order-1", version: 1, position: 7)], position: 7, requestFingerprint: "f")
        var plan = AppendPlan(earlierResults: ["k": earlier], versions: ["order-1": 1])
        plan.add(try Self.request("order-1", expecting: .noStream, key: "k", fingerprint: "f"))
        #expect(plan.rows.isEmpty)
        #expect(plan.idempotencyKeys.keys.isEmpty)
        var replay = earlier
        replay.isReplay = true
        #expect(try plan.outcomes(positions: [:])[0].get() == replay)
    }

    @Test func aKeyRecordedEarlierForAnotherRequestIsRefused() throws {
        let earlier = AppendResult(streams: [.init(stream: "order-1", version: 1, position: 7)], position: 7, requestFingerprint: "f")
        var plan = AppendPlan(earlierResults: ["k": earlier], versions: ["order-1": 1])
        plan.add(try Self.request("order-1", expecting: .any, key: "k", fingerprint: "other"))
        #expect(plan.rows.isEmpty)
        guard case .failure(let error) = plan.outcomes(positions: [:])[0] else {
            Issue.record("another request under the same key must be refused")
            return
        }
        #expect(error.code == .idempotencyKeyReused)
    }

    @Test func aKeyRepeatedInOneBatchIsWrittenOnceAndReplayedToTheSecond() throws {
        var plan = AppendPlan(earlierResults: [:], versions: [:])
        plan.add(try Self.request("order-1", expecting: .noStream, key: "k", fingerprint: "f"))
        plan.add(try Self.request("order-1", expecting: .noStream, key: "k", fingerprint: "f"))
        #expect(plan.rows.count == 1)
        #expect(plan.idempotencyKeys.keys == ["k"])
        #expect(plan.idempotencyKeys.results == [#"{"streams":[{"stream":"order-1","version":1}]}"#])
        #expect(plan.idempotencyKeys.fingerprints == ["f"])
        let outcomes = plan.outcomes(positions: Self.positions(of: plan, from: 5))
        let first = try outcomes[0].get()
        let second = try outcomes[1].get()
        #expect(!first.isReplay)
        #expect(second.isReplay)
        #expect(second.streams == first.streams)
    }

    @Test func aKeyRepeatedInOneBatchForAnotherRequestIsRefused() throws {
        var plan = AppendPlan(earlierResults: [:], versions: [:])
        plan.add(try Self.request("order-1", expecting: .noStream, key: "k", fingerprint: "f"))
        plan.add(try Self.request("order-2", expecting: .noStream, key: "k", fingerprint: "g"))
        #expect(plan.rows.streams == ["order-1"])
        guard case .failure(let error) = plan.outcomes(positions: Self.positions(of: plan))[1] else {
            Issue.record("the same key with another fingerprint must be refused")
            return
        }
        #expect(error.code == .idempotencyKeyReused)
    }

    @Test func theKeyIsStampedIntoEveryWrittenEventsMetadata() throws {
        var plan = AppendPlan(earlierResults: [:], versions: [:])
        plan.add(try Self.request("order-1", expecting: .any, events: 2, key: "key-1"))
        #expect(plan.rows.metadata.count == 2)
        for metadata in plan.rows.metadata {
            #expect(metadata.contains(#""idempotencyKey":"key-1""#))
        }
        #expect(plan.idempotencyKeys.fingerprints == [""], "a key recorded without a fingerprint is stored as the empty string")
    }

    @Test func singleEventsOnDistinctStreamsDoNotChain() throws {
        var plan = AppendPlan(earlierResults: [:], versions: [:])
        plan.add(try Self.request("order-1", expecting: .noStream))
        plan.add(try Self.request("order-2", expecting: .noStream))
        #expect(!plan.rows.hasRepeatedStreams)
        #expect(plan.rows.versions == [1, 1])
    }

    @Test func expectedVersionsAreKnownOnlyWhenEveryRequestNamesThem() throws {
        let exact = [try Self.request("order-1", expecting: .exact(3)), try Self.request("order-1", expecting: .exact(4)),
                     try Self.request("order-2", expecting: .noStream)]
        #expect(AppendPlan.expectedVersions(of: exact) == ["order-1": 3, "order-2": 0])
        #expect(AppendPlan.expectedVersions(of: exact + [try Self.request("order-3", expecting: .any)]) == nil)
        #expect(AppendPlan.expectedVersions(of: [try Self.request("order-3", expecting: .streamExists)]) == nil)
    }
}
