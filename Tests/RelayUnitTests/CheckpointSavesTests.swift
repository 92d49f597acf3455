import Relay
import Synchronization
import Testing

@Suite("Checkpoint saves behind the relay's loop: one at a time, coalesced, in order")
struct CheckpointSavesTests {
    private struct Refused: Error {}

    /// What the saves did: the positions written and the (count, position) reports.
    private final class Log: Sendable {
        let written = Mutex<[Int64]>([])
        let reported = Mutex<[(count: Int, position: Int64)]>([])
    }

    @Test("positions acknowledged while a save runs are saved once, as the latest, with their counts summed")
    func coalescesWhileSaving() async throws {
        let log = Log()
        let (gate, open) = AsyncStream<Void>.makeStream()
        let saves = CheckpointSaves(
            save: { position in
                if position == 10 { for await _ in gate { break } }
                log.written.withLock { $0.append(position) }
            },
            saved: { count, position in log.reported.withLock { $0.append((count, position)) } })
        try saves.submit(10, count: 10)
        try saves.submit(20, count: 10)
        try saves.submit(25, count: 5)
        try saves.submit(40, count: 15)
        open.yield()
        try await saves.finish()
        #expect(log.written.withLock { $0 } == [10, 40])
        #expect(log.reported.withLock { $0.map(\.position) } == [10, 40])
        #expect(log.reported.withLock { $0.map(\.count) } == [10, 30])
    }

    @Test("a failed save is thrown by finish and by every later submit, and nothing is saved after it")
    func failureStops() async throws {
        let log = Log()
        let saves = CheckpointSaves(
            save: { position in
                if position == 2 { throw Refused() }
                log.written.withLock { $0.append(position) }
            },
            saved: { count, position in log.reported.withLock { $0.append((count, position)) } })
        try saves.submit(1, count: 1)
        try await saves.finish()
        try saves.submit(2, count: 1)
        await #expect(throws: Refused.self) { try await saves.finish() }
        #expect(throws: Refused.self) { try saves.submit(3, count: 1) }
        #expect(log.written.withLock { $0 } == [1])
        #expect(log.reported.withLock { $0.map(\.position) } == [1])
    }

    @Test("10,000 submits racing the saves: every event counted once, positions rising, the last one saved")
    func racingSubmits() async throws {
        let log = Log()
        let saves = CheckpointSaves(
            save: { position in
                await Task.yield()
                log.written.withLock { $0.append(position) }
            },
            saved: { count, position in log.reported.withLock { $0.append((count, position)) } })
        for position in 1...10_000 {
            try saves.submit(Int64(position), count: 1)
            if position % 7 == 0 { await Task.yield() }
        }
        try await saves.finish()
        let written = log.written.withLock { $0 }
        #expect(written.last == 10_000)
        #expect(zip(written, written.dropFirst()).allSatisfy { $0 < $1 })
        #expect(log.reported.withLock { $0.reduce(0) { $0 + $1.count } } == 10_000)
        #expect(written.count < 10_000, "saves were coalesced")
    }
}
