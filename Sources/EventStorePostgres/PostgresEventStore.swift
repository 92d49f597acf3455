public import EventStore
import Foundation
public import Logging
public import PostgresNIO
import Synchronization
public import ServiceLifecycle

/// The event store on PostgreSQL.
///
/// Appends go through a group-commit writer: concurrent requests queue up while a batch is
/// being committed and then share the next transaction, one round trip per statement for the
/// whole batch. Each request keeps its own atomicity and its own conflict result: the writer
/// checks every request's expected versions against the stream versions read for the batch,
/// and writes only the requests that pass; the database's unique constraints catch a batch
/// that raced with another writer, which is then decided again.
///
/// Global-order reads never skip an event that commits late, while concurrent batches insert
/// and commit (and flush the WAL) in parallel: every append registers itself as in flight
/// before it draws positions, and ``readAll(after:limit:)`` reads only up to the settled
/// position, below any append still in flight (see ``EventStoreSchema/batchAppends``).
///
/// Run it as a `Service` (after the `PostgresClient` it uses); appends wait until it runs.
public final class PostgresEventStore: EventStore, Service {
    /// The PostgreSQL client; share it with other components that use the same database.
    public let client: PostgresClient
    let configuration: PostgresEventStoreConfiguration
    let logger: Logger
    let queue = AppendQueue()
    /// Signalled after every committed batch; `notifyCommits` turns signals into NOTIFYs,
    /// coalescing those that arrive while one is being sent.
    let commits = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
    let commitObservers = CommitObservers()
    /// The highest position an append of this store has committed (0 before the first).
    let committedHead = Atomic<Int64>(0)
    let metrics = AppendMetrics()

    /// Creates a store over `client`; the client must be run by the caller.
    public init(client: PostgresClient, configuration: PostgresEventStoreConfiguration = .init(), logger: Logger) {
        self.client = client
        self.configuration = configuration
        self.logger = logger
    }

    /// Runs the group-commit writer until graceful shutdown (queued appends are finished first)
    /// or cancellation (queued appends fail with `shutDown`).
    public func run() async throws {
        await withGracefulShutdownHandler {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await self.notifyCommits() }
                let withdrawals = Task { await self.withdrawExpiredAppends() }
                await withTaskGroup(of: Void.self) { writers in
                    for _ in 0..<max(1, configuration.concurrentBatches) {
                        writers.addTask { await self.writeBatches() }
                    }
                }
                withdrawals.cancel()
                commits.continuation.finish()
            }
        } onGracefulShutdown: {
            self.queue.close()
        }
        queue.failRemaining()
    }

    /// Appends through the group-commit queue. A request no writer has taken within
    /// ``PostgresDeadlines/connectionWait`` (the database is unreachable) is withdrawn from the
    /// queue and fails as `unavailable`: it is never written. A request a writer has taken is
    /// answered with its outcome, which is bounded too (the writer waits for a connection only
    /// until the request's deadline, or a later one of its batch, and statements are bounded by
    /// `statement_timeout`); only when the connection
    /// fails while the transaction commits is the outcome unknown: the append fails as
    /// `unavailable` and may have been written, and a retry with the same idempotency key then
    /// returns the first result instead of writing again.
    public func append(_ request: AppendRequest) async throws(EventStoreError) -> AppendResult {
        try request.validate()
        let start = ContinuousClock.now
        defer { metrics.latency.record(duration: ContinuousClock.now - start) }
        let deadline = start + PostgresDeadlines.current.connectionWait
        let result = await withCheckedContinuation { continuation in
            if !queue.enqueue(.init(request: request, continuation: continuation, deadline: deadline)) {
                continuation.resume(returning: .failure(EventStoreError(.shutDown, "the event store is shutting down")))
            }
        }
        switch result {
        case .success(let appended):
            (appended.isReplay ? metrics.replayed : metrics.appended).increment()
        case .failure:
            metrics.failed.increment()
        }
        return try result.get()
    }

    public func readStream(_ stream: StreamName, from version: Int64, limit: Int) async throws(EventStoreError) -> [RecordedEvent] {
        let limit = Int64(clamping: limit)
        return try await readEvents(
            """
            SELECT \(unescaped: RecordedEvent.selectedColumns)
              FROM events WHERE stream = \(stream.rawValue) AND stream_version >= \(version)
             ORDER BY stream_version LIMIT \(limit)
            """
        )
    }

    /// Reads the page in rows of many events each (``RecordedEvent/columnsQuery(after:upTo:limit:)``).
    public func readAll(after position: Int64, limit: Int) async throws(EventStoreError) -> [RecordedEvent] {
        let limit = Int64(clamping: limit)
        let settled = try await settledPosition()
        return try await withRows(RecordedEvent.columnsQuery(after: position, upTo: settled, limit: limit)) {
            try await RecordedEvent.events(inColumns: $0)
        }
    }

    /// Reads the global log like ``readAll(after:limit:)`` on `connection`, in one statement
    /// (`nexus_read_settled`, see ``EventStoreSchema/settledReads``), for a component that keeps
    /// a connection of its own and reads small pages often: the relay reads after every commit.
    /// Large pages (rebuilds) use ``readAll(after:limit:)``: the function holds its whole result
    /// before returning it.
    package func readAll(after position: Int64, limit: Int, on connection: PostgresConnection) async throws(EventStoreError) -> [RecordedEvent] {
        do {
            return try await Self.events(in: connection.queryUnlessClosed(Self.settledRead(after: position, limit: limit), logger: logger))
        } catch let error as EventStoreError {
            throw error
        } catch {
            throw EventStoreError(failure: error)
        }
    }

    /// One call of `nexus_read_settled` (see ``EventStoreSchema/settledReads``).
    private static func settledRead(after position: Int64, limit: Int) -> PostgresQuery {
        "SELECT \(unescaped: RecordedEvent.selectedColumns) FROM nexus_read_settled(\(position), \(Int64(clamping: limit)))"
    }

    /// Reads the global log after `position` like ``readAll(after:limit:)``, keeping only
    /// streams of one category (`order` keeps `order-…`).
    public func readAll(after position: Int64, limit: Int, category: String) async throws(EventStoreError) -> [RecordedEvent] {
        let limit = Int64(clamping: limit)
        let prefix = Self.likePattern(category: category)
        let settled = try await settledPosition()
        return try await readEvents(
            """
            SELECT \(unescaped: RecordedEvent.selectedColumns)
              FROM events WHERE position > \(position) AND stream LIKE \(prefix) AND position <= \(settled)
             ORDER BY position LIMIT \(limit)
            """
        )
    }

    /// The `LIKE` pattern of the streams of `category` (`order` matches `order-…`), its wildcards escaped.
    static func likePattern(category: String) -> String {
        category.replacingOccurrences(of: "\\", with: "\\\\")
            .replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_") + "-%"
    }

    public func currentVersion(of stream: StreamName) async throws(EventStoreError) -> Int64 {
        do {
            return try await client.firstInt64(
                "SELECT coalesce(max(stream_version), 0) FROM events WHERE stream = \(stream.rawValue)", logger: logger
            )
        } catch {
            throw EventStoreError(failure: error)
        }
    }

    public func result(forIdempotencyKey key: String) async throws(EventStoreError) -> AppendResult? {
        do {
            return try await client.withRows(
                "\(unescaped: RecordedResults.query) WHERE k.idempotency_key = \(key)", logger: logger
            ) { rows in
                var recorded = RecordedResults()
                for try await (key, fingerprint, stream, version, position, ordinal) in rows.decode((String, String?, String, Int64, Int64, Int64).self) {
                    recorded.add(
                        key: key, fingerprint: fingerprint, ordinal: ordinal,
                        stream: StreamAppendResult(stream: stream, version: version, position: position))
                }
                return recorded.results[key]
            }
        } catch {
            throw EventStoreError(failure: error)
        }
    }

    /// The position up to which the log is settled: every event at or below it has committed,
    /// or never will.
    public func settledPosition() async throws(EventStoreError) -> Int64 {
        do {
            return try await client.firstInt64("SELECT nexus_settled_position()", logger: logger)
        } catch {
            throw EventStoreError(failure: error)
        }
    }

    /// The highest global position an append through this store has committed (0 before the
    /// first): the log reaches at least this far, known without asking the database. Set before
    /// the append's caller gets its answer.
    public var highestCommittedPosition: Int64 {
        committedHead.load(ordering: .acquiring)
    }

    /// The highest global position recorded (0 for an empty store).
    public func headPosition() async throws(EventStoreError) -> Int64 {
        do {
            return try await client.firstInt64("SELECT coalesce(max(position), 0) FROM events", logger: logger)
        } catch {
            throw EventStoreError(failure: error)
        }
    }

    private func readEvents(_ query: PostgresQuery) async throws(EventStoreError) -> [RecordedEvent] {
        try await withRows(query) { try await Self.events(in: $0) }
    }

    /// Runs `query` and hands its rows to `body`; any failure is an ``EventStore/EventStoreError``.
    private func withRows<Result>(_ query: PostgresQuery, _ body: (PostgresRowSequence) async throws -> Result) async throws(EventStoreError) -> Result {
        do {
            return try await client.withRows(query, logger: logger, body)
        } catch let error as EventStoreError {
            throw error
        } catch {
            throw EventStoreError(failure: error)
        }
    }

    /// The events of rows of ``RecordedEvent/selectedColumns``.
    private static func events(in rows: PostgresRowSequence) async throws -> [RecordedEvent] {
        var events: [RecordedEvent] = []
        for try await row in rows {
            events.append(try RecordedEvent(row: row))
        }
        return events
    }
}

extension EventStoreError {
    /// Wraps a storage failure: `invalidRequest` when PostgreSQL refused the request's values
    /// (``PostgresNIO/PSQLError/isCausedByData``; a retry cannot succeed), else `unavailable`.
    /// The underlying error's description can name tables and constraints, so callers show
    /// ``message`` to users and log the context.
    init(failure error: any Error) {
        if let psql = error as? PSQLError, psql.isCausedByData {
            self.init(.invalidRequest, "the event store refused the request's data", context: ["cause": String(reflecting: error)])
        } else {
            self = .unavailable(error)
        }
    }

    /// `unavailable`, caused by `error`.
    static func unavailable(_ error: any Error) -> EventStoreError {
        EventStoreError(.unavailable, "the event store could not complete the request", context: ["cause": String(reflecting: error)])
    }
}
