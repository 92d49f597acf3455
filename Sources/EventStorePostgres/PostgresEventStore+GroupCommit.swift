import EventStore
import Foundation
import Logging
import PostgresNIO

extension PostgresEventStore {
    /// The writer loop: takes whatever is queued, commits it as one batch, repeats.
    func writeBatches() async {
        while true {
            let batch = queue.take(
                maximumRequests: configuration.maximumBatchRequests,
                maximumEvents: configuration.maximumBatchEvents
            )
            if batch.isEmpty {
                let queue = self.queue
                guard await withTaskCancellationHandler(operation: { await queue.waitForWork() }, onCancel: { queue.close() }) else {
                    return
                }
                continue
            }
            metrics.batchSize.record(batch.count)
            await commit(batch)
        }
    }

    /// Commits a batch in one transaction. When the transaction itself fails (not a version
    /// conflict, which only fails its own request), each request is retried alone so that one
    /// bad request cannot fail the others.
    private func commit(_ batch: [AppendQueue.Pending]) async {
        do {
            let outcomes = try await commitTogether(batch.map(\.request))
            for (pending, outcome) in zip(batch, outcomes) {
                pending.continuation.resume(returning: outcome)
            }
        } catch {
            guard batch.count > 1 else {
                logger.warning("append failed", metadata: [LogKey.error: "\(String(reflecting: error))"])
                batch[0].continuation.resume(returning: .failure(EventStoreError(appendFailure: error)))
                return
            }
            logger.debug("batch failed; retrying its requests one by one", metadata: [LogKey.batchSize: "\(batch.count)"])
            for pending in batch {
                await commit([pending])
            }
        }
    }

    /// Decides and writes a batch. Optimistically first: versions and earlier results are read
    /// without the append lock, then one `nexus_append` call takes the lock, inserts and commits,
    /// so the lock is held for one statement and other batches' reads overlap it. A concurrent
    /// writer that got in between shows up as a unique violation on (stream, version) or on the
    /// idempotency key, and aborts the statement whole; the batch is then decided again with the
    /// lock held from the read to the commit.
    private func commitTogether(_ requests: [AppendRequest]) async throws -> [Result<AppendResult, EventStoreError>] {
        do {
            return try await client.withConnection { connection in
                try await decideAndWrite(requests, on: connection)
            }
        } catch let error as PSQLError where error.isStaleLookUp {
            metrics.lockedRetries.increment()
            return try await client.withConnection { connection in
                try await connection.withTransaction(logger: logger) { connection in
                    try await connection.query("SELECT pg_advisory_xact_lock(\(EventStoreSchema.appendLockKey))", logger: logger)
                    return try await decideAndWrite(requests, on: connection)
                }
            }
        }
    }

    private func decideAndWrite(
        _ requests: [AppendRequest], on connection: PostgresConnection
    ) async throws -> [Result<AppendResult, EventStoreError>] {
        let (earlierResults, versions) = try await lookUp(requests, on: connection)
        var plan = AppendPlan(earlierResults: earlierResults, versions: versions)
        for request in requests {
            try plan.add(request)
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
        for try await (key, stream, version, position, ordinal) in try await connection.execute(statement, logger: logger) {
            if let key {
                recorded.add(key: key, ordinal: ordinal, stream: StreamAppendResult(stream: stream, version: version, position: position))
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
        for try await (id, position) in try await connection.execute(statement, logger: logger) {
            positions[id] = position
        }
        return positions
    }
}

extension PSQLError {
    /// True when an optimistic batch lost a race: another append wrote one of its stream
    /// versions or recorded one of its idempotency keys after the batch read them.
    var isStaleLookUp: Bool {
        guard serverInfo?[.sqlState] == PostgresError.Code.uniqueViolation.raw else { return false }
        let constraint = serverInfo?[.constraintName]
        return constraint == "events_stream_stream_version_key" || constraint == "event_append_keys_pkey"
    }
}

extension EventStoreError {
    /// Maps a failed single-request transaction to the error its caller sees.
    init(appendFailure error: any Error) {
        let cause = (error as? PostgresTransactionError)?.closureError ?? error
        if let psql = cause as? PSQLError, psql.serverInfo?[.sqlState] == PostgresError.Code.uniqueViolation.raw,
            psql.serverInfo?[.constraintName] == "events_event_id_key"
        {
            self.init(.invalidRequest, "an event with this id was already recorded")
        } else {
            self.init(unavailable: cause)
        }
    }
}
