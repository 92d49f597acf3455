import EventStore
import Foundation
import Logging
import PostgresNIO

extension PostgresEventStore {
    /// The writer loop: takes whatever is queued and commits it as one batch, on one connection
    /// kept while there is work (leasing it from the pool for every batch would cost a pool
    /// round trip and a timer each time); gives the connection back once the queue has stayed
    /// empty for ``PostgresEventStoreConfiguration/idleConnectionHold``.
    func writeBatches() async {
        while true {
            var batch = takeBatch()
            if batch.isEmpty {
                guard await queue.waitForWork() else { return }
                continue
            }
            do {
                try await client.withConnection(waitingAtMost: Self.connectionWait(for: batch)) { connection in
                    await connection.onEventLoop {
                        repeat {
                            await commit(batch, on: connection)
                            batch = connection.isClosed ? [] : takeBatch()
                            if batch.isEmpty, !connection.isClosed, await queue.waitForWork(upTo: configuration.idleConnectionHold) {
                                batch = takeBatch()
                            }
                        } while !batch.isEmpty
                    }
                }
            } catch {
                // No connection: the batch taken last was not attempted.
                logger.warning("append failed: no database connection", metadata: [LogKey.error: "\(String(reflecting: error))"])
                for pending in batch {
                    pending.continuation.resume(returning: .failure(EventStoreError(failure: error)))
                }
            }
        }
    }

    /// How long a writer waits for a connection for `batch`: until the latest deadline of its
    /// requests (each an append's arrival plus the connection wait), at least a moment for one
    /// taken just at its deadline.
    static func connectionWait(for batch: [AppendQueue.Pending], now: ContinuousClock.Instant = .now) -> Duration {
        max(batch.map(\.deadline).max().map { $0 - now } ?? .zero, .milliseconds(100))
    }

    /// Withdraws queued appends no writer took within their deadline, waking at the oldest
    /// request's deadline, until cancelled.
    func withdrawExpiredAppends() async {
        while !Task.isCancelled {
            let next = queue.withdrawExpired() ?? .now + PostgresDeadlines.current.connectionWait
            try? await Task.sleep(until: next, clock: .continuous)
        }
    }

    private func takeBatch() -> [AppendQueue.Pending] {
        let batch = queue.take(maximumRequests: configuration.maximumBatchRequests, maximumEvents: configuration.maximumBatchEvents)
        if !batch.isEmpty { metrics.batchSize.record(batch.count) }
        return batch
    }

    /// Commits a batch in one transaction. When the transaction itself fails (not a version
    /// conflict, which only fails its own request), each request is retried alone so that one
    /// bad request cannot fail the others, unless the connection has closed.
    private func commit(_ batch: [AppendQueue.Pending], on connection: PostgresConnection) async {
        do {
            let outcomes = try await commitTogether(batch.map(\.request), on: connection)
            // Before any answer leaves: a client's read with the answered position finds it here.
            let highest = outcomes.lazy.compactMap { try? $0.get().position }.max()
            if let highest { committedHead.max(highest, ordering: .releasing) }
            for (pending, outcome) in zip(batch, outcomes) {
                pending.continuation.resume(returning: outcome)
            }
            commitObservers.notify()
            commits.continuation.yield()
        } catch {
            // Alone, or with the connection gone (retrying alone could only fail the same way).
            guard batch.count > 1, !connection.isClosed else {
                logger.warning("append failed", metadata: [LogKey.error: "\(String(reflecting: error))"])
                for pending in batch {
                    pending.continuation.resume(returning: .failure(EventStoreError(appendFailure: error)))
                }
                return
            }
            logger.debug("batch failed; retrying its requests one by one", metadata: [LogKey.batchSize: "\(batch.count)"])
            for pending in batch {
                await commit([pending], on: connection)
            }
        }
    }

    /// Notifies listeners (relays in any process) that appends committed, at most once per
    /// ``PostgresEventStoreConfiguration/notificationInterval``, until the writers stop.
    func notifyCommits() async {
        for await _ in commits.stream {
            do {
                try await client.withRows("SELECT pg_notify(\(EventStoreSchema.notificationChannel), '')", logger: logger) { _ in }
            } catch {
                logger.debug("could not notify listeners of a commit", metadata: [LogKey.error: "\(String(reflecting: error))"])
            }
            // Commits signalled meanwhile wait in the stream's one-element buffer for the next NOTIFY.
            try? await Task.sleep(for: configuration.notificationInterval)
        }
    }

    /// Runs `body` while `observer` is called after every committed batch of this store (from
    /// the writer; keep it short, e.g. signalling a waiting task).
    public func observingCommits<Result>(
        _ observer: @escaping @Sendable () -> Void, run body: () async throws -> Result
    ) async rethrows -> Result {
        let id = commitObservers.add(observer)
        defer { commitObservers.remove(id) }
        return try await body()
    }

    /// Decides and writes a batch, optimistically, in up to three attempts:
    /// 1. when every request expects an exact version or no stream, without reading anything:
    ///    the expected versions are taken as current and the keys as unused;
    /// 2. otherwise, or when that lost a race, after reading the current versions and earlier
    ///    results without any lock;
    /// 3. when that lost a race too, after every append in flight has committed, with new
    ///    appends held off until this one commits.
    /// One `nexus_append` call inserts and commits (see ``EventStoreSchema/batchAppends``). A wrong guess, or a writer that got in
    /// between, shows up as a unique violation on (stream, version) or on the idempotency key,
    /// or as a version hole, and aborts the statement whole, so nothing of it is written.
    private func commitTogether(
        _ requests: [AppendRequest], on connection: PostgresConnection
    ) async throws -> [Result<AppendResult, EventStoreError>] {
        if let expected = AppendPlan.expectedVersions(of: requests) {
            do {
                return try await write(requests, earlierResults: [:], versions: expected, on: connection)
            } catch let error as PSQLError where error.isLostRace {
                metrics.retries.increment()
            }
        }
        do {
            return try await lookUpAndWrite(requests, on: connection)
        } catch let error as PSQLError where error.isLostRace {
            metrics.lockedRetries.increment()
            return try await connection.inTransactionIfOpen(logger: logger) {
                // Hold off new appends and wait until every append in flight has ended.
                try await connection.queryIfOpen(
                    "SELECT pg_advisory_xact_lock(\(EventStoreSchema.appendsInFlightKey))", logger: logger
                )
                return try await lookUpAndWrite(requests, on: connection)
            }
        }
    }

    private func lookUpAndWrite(
        _ requests: [AppendRequest], on connection: PostgresConnection
    ) async throws -> [Result<AppendResult, EventStoreError>] {
        let (earlierResults, versions) = try await lookUp(requests, on: connection)
        return try await write(requests, earlierResults: earlierResults, versions: versions, on: connection)
    }

    private func write(
        _ requests: [AppendRequest], earlierResults: [String: AppendResult], versions: [String: Int64],
        on connection: PostgresConnection
    ) async throws -> [Result<AppendResult, EventStoreError>] {
        var plan = AppendPlan(earlierResults: earlierResults, versions: versions)
        for request in requests {
            plan.add(request)
        }
        guard !plan.rows.isEmpty else { return plan.outcomes(positions: [:]) }
        let positions = try await write(plan, on: connection)
        metrics.events.increment(by: plan.rows.count)
        return plan.outcomes(positions: positions)
    }

    /// Earlier results of the requests' idempotency keys and the current version of every
    /// stream they touch, in one round trip.
    private func lookUp(
        _ requests: [AppendRequest], on connection: PostgresConnection
    ) async throws -> (results: [String: AppendResult], versions: [String: Int64]) {
        let statement = AppendStatements.LookUp(
            keys: Array(Set(requests.compactMap(\.idempotencyKey))),
            streams: Array(Set(requests.flatMap { $0.streams.map(\.stream.rawValue) }))
        )
        var recorded = RecordedResults()
        var versions: [String: Int64] = [:]
        for try await (key, fingerprint, stream, version, position, ordinal) in try await connection.executeIfOpen(statement, logger: logger) {
            if let key {
                recorded.add(
                    key: key, fingerprint: fingerprint, ordinal: ordinal,
                    stream: StreamAppendResult(stream: stream, version: version, position: position))
            } else {
                versions[stream] = version
            }
        }
        return (recorded.results, versions)
    }

    /// Inserts the plan's events and idempotency keys in one statement (its own transaction
    /// unless the caller opened one); returns the positions the database assigned.
    private func write(_ plan: AppendPlan, on connection: PostgresConnection) async throws -> [UUID: Int64] {
        var positions: [UUID: Int64] = [:]
        positions.reserveCapacity(plan.rows.count)
        let statement = AppendStatements.Write(rows: plan.rows, keys: plan.idempotencyKeys)
        for try await (id, position) in try await connection.executeIfOpen(statement, logger: logger) {
            positions[id] = position
        }
        return positions
    }
}

extension PSQLError {
    /// True when an optimistic batch guessed wrong or lost a race: a stream version it wrote,
    /// an idempotency key it recorded or an event id it inserted exists already (the last: the
    /// very same request retried after an unknown outcome, which the look-up then replays by its
    /// key; without a key the id is refused in the end), or a version it wrote has no
    /// predecessor (`integrity_constraint_violation`).
    var isLostRace: Bool {
        switch serverInfo?[.sqlState] {
        case PostgresError.Code.uniqueViolation.raw:
            let constraint = serverInfo?[.constraintName]
            return constraint == "events_stream_stream_version_key" || constraint == "event_append_keys_pkey"
                || constraint == "events_event_id_key"
        case PostgresError.Code.integrityConstraintViolation.raw:
            return true
        default:
            return false
        }
    }
}

extension EventStoreError {
    /// Maps a failed single-request transaction to the error its caller sees. A race still lost
    /// (a constraint the optimistic write relies on) is unavailability, safe to retry; other
    /// refusals of the request's values are `invalidRequest`.
    init(appendFailure error: any Error) {
        let psql = error as? PSQLError
        if psql?.serverInfo?[.sqlState] == PostgresError.Code.uniqueViolation.raw,
            psql?.serverInfo?[.constraintName] == "events_event_id_key"
        {
            self.init(.invalidRequest, "an event with this id was already recorded")
        } else if let psql, psql.isLostRace {
            self = .unavailable(error)
        } else {
            self.init(failure: error)
        }
    }
}
