import EventStorePostgres
import Logging
import PostgresNIO
import Projections
import Synchronization

/// How far each projection's serving generation has applied the event log.
///
/// A projection's read position is the highest global position `W` such that every event at or
/// below `W` that the projection handles is applied (its stream's applied version in the
/// generation's `applied_streams` is at least the event's version). Live workers apply streams out
/// of global order across partitions, so `W` is found as "the first handled event not yet applied,
/// minus one". Once confirmed, a position stays confirmed (appends commit in position order and a
/// rebuilt generation holds everything its predecessor did), so each check scans only the events
/// above the last confirmed position. Without a bound, a position confirmed less than
/// `refresh` ago is answered from memory, so plain reads do not pay for the check each time.
/// Concurrent checks of one projection share a single query (up to the log's head), so many
/// requests waiting for their writes cost one query per poll, not one each. A caller woken by a
/// worker's commit (``ProjectionCommits``) joins only a check that started after that commit.
final class ReadPositions: Sendable {
    private struct Confirmed {
        var position: Int64
        /// When the latest check started, and the commit sequence it started at.
        var at: ContinuousClock.Instant
        var commit: UInt64
    }

    private let client: PostgresClient
    private let refresh: Duration
    private let logger: Logger
    private let confirmed = Mutex<[String: Confirmed]>([:])
    private let inFlight = Mutex<[String: Check]>([:])

    /// A running check and the commit sequence it started at.
    private struct Check {
        let task: Task<Int64, any Error>
        let commit: UInt64
        let id: UInt64
    }

    private let nextCheck = Atomic<UInt64>(0)
    /// The highest log position seen so far (the log only grows).
    private let knownHead = Atomic<Int64>(0)

    /// The highest position this process's own appends have committed, if it appends.
    private let committedHere: (@Sendable () -> Int64)?

    init(client: PostgresClient, refresh: Duration, committedHere: (@Sendable () -> Int64)? = nil, logger: Logger) {
        self.client = client
        self.refresh = refresh
        self.committedHere = committedHere
        self.logger = logger
    }

    /// The read position of `projection`, checking no further than `bound` (the log's head when
    /// `nil`), with a check started at commit sequence `commit` or later. A check that started
    /// at `commit` or later less than `reuse` ago is not repeated: without a commit of this
    /// process since, only workers of other processes can have moved the position, and the
    /// caller's poll interval says how soon those need to be seen. (Requests arriving while their
    /// projection's position is just behind them would otherwise check back to back, each
    /// finding nothing new.)
    func position(of projection: any Projection, upTo bound: Int64?, commit: UInt64 = 0, reuse: Duration = .zero) async throws -> Int64 {
        let now = ContinuousClock.now
        let known = confirmed.withLock { $0[projection.name] }
        let floor = known?.position ?? 0
        if let bound, bound <= floor { return floor }
        if bound == nil, let known, now - known.at < refresh { return floor }
        if bound != nil, let known, known.commit >= commit, now - known.at < reuse { return floor }
        let name = projection.name
        let id = nextCheck.add(1, ordering: .relaxed).newValue
        let check = inFlight.withLock { checks -> Check in
            if let running = checks[name], running.commit >= commit { return running }
            let check = Check(task: Task { try await self.check(projection, from: floor, at: now, commit: commit) }, commit: commit, id: id)
            checks[name] = check
            return check
        }
        defer { if check.id == id { inFlight.withLock { if $0[name]?.id == id { $0[name] = nil } } } }
        return try await check.task.value
    }

    /// Whether the event log holds an event at `position` or later: every position a command
    /// returned is (its append committed before the answer). Asks the database only when both
    /// the highest position seen so far and the highest this process's appends committed are
    /// below `position` (a read after a command this process served never asks).
    func logReaches(_ position: Int64) async throws -> Bool {
        if knownHead.load(ordering: .relaxed) >= position { return true }
        if let committedHere, committedHere() >= position { return true }
        let head = try await client.firstInt64("SELECT coalesce(max(position), 0) FROM public.events", logger: logger)
        knownHead.max(head, ordering: .relaxed)
        return head >= position
    }

    /// One check of `projection`'s read position, scanning the events above `floor` up to the
    /// head (`read.read_position`, one statement).
    private func check(_ projection: any Projection, from floor: Int64, at now: ContinuousClock.Instant, commit: UInt64) async throws -> Int64 {
        let types = projection.handledEventTypes.sorted()
        let name = projection.name
        let position = try await client.firstInt64("SELECT read.read_position(\(name), \(floor), \(types))", logger: logger)
        confirmed.withLock { confirmed in
            let known = confirmed[name]
            confirmed[name] = Confirmed(
                position: max(known?.position ?? 0, position), at: max(known?.at ?? now, now), commit: max(known?.commit ?? 0, commit))
        }
        return position
    }
}
