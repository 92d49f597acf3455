import EventStore
import Foundation
import Logging
import PostgresNIO

extension PostgresEventStore {
    /// Advisory lock key held by every append transaction until it commits ("nexus-append").
    static let appendLockKey: Int64 = 0x6E65_7875_7361_7070

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

    private func commitTogether(_ requests: [AppendRequest]) async throws -> [Result<AppendResult, EventStoreError>] {
        try await client.withConnection { connection in
            try await connection.withTransaction(logger: logger) { connection in
                try await connection.query(
                    "SELECT pg_advisory_xact_lock(\(Self.appendLockKey)), pg_notify(\(EventStoreSchema.notificationChannel), '')",
                    logger: logger
                )
                let (earlierResults, versions) = try await lookUp(requests, on: connection)
                var plan = AppendPlan(earlierResults: earlierResults, versions: versions)
                for request in requests {
                    plan.add(request)
                }
                guard !plan.rows.isEmpty else { return plan.outcomes(positions: [:]) }
                let positions = try await insert(plan.rows, on: connection)
                metrics.events.increment(by: plan.rows.count)
                let outcomes = plan.outcomes(positions: positions)
                try await recordIdempotencyKeys(requests: requests, outcomes: outcomes, plan: plan, on: connection)
                return outcomes
            }
        }
    }

    /// Earlier results of the requests' idempotency keys and the current version of every
    /// stream they touch, in one round trip (run after the append lock is taken).
    private func lookUp(
        _ requests: [AppendRequest], on connection: PostgresConnection
    ) async throws -> (results: [String: AppendResult], versions: [String: Int64]) {
        let keys = Array(Set(requests.compactMap(\.idempotencyKey)))
        let streams = Array(Set(requests.flatMap { $0.streams.map(\.stream.rawValue) }))
        // One backward index probe per stream (a GROUP BY max would read every event of each stream).
        let rows = try await connection.query(
            """
            SELECT idempotency_key, result::text, 0::int8 FROM event_append_keys WHERE idempotency_key = ANY(\(keys))
            UNION ALL
            SELECT s.stream, NULL, e.stream_version FROM unnest(\(streams)::text[]) AS s(stream)
            CROSS JOIN LATERAL (
                SELECT stream_version FROM events WHERE events.stream = s.stream ORDER BY stream_version DESC LIMIT 1
            ) e
            """,
            logger: logger
        )
        var results: [String: AppendResult] = [:]
        var versions: [String: Int64] = [:]
        for try await (name, json, version) in rows.decode((String, String?, Int64).self) {
            if let json {
                results[name] = try JSONDecoder().decode(AppendResult.self, from: Data(json.utf8))
            } else {
                versions[name] = version
            }
        }
        return (results, versions)
    }

    private func insert(_ rows: AppendPlan.Rows, on connection: PostgresConnection) async throws -> [UUID: Int64] {
        var positions: [UUID: Int64] = [:]
        positions.reserveCapacity(rows.count)
        let result = try await connection.query(
            """
            INSERT INTO events (event_id, stream, stream_version, type, schema_version, data, metadata)
            SELECT * FROM unnest(\(rows.ids)::uuid[], \(rows.streams)::text[], \(rows.versions)::int8[],
                                 \(rows.types)::text[], \(rows.schemaVersions)::int4[], \(rows.data)::jsonb[],
                                 \(rows.metadata)::jsonb[])
            RETURNING event_id, position
            """,
            logger: logger
        )
        for try await (id, position) in result.decode((UUID, Int64).self) {
            positions[id] = position
        }
        return positions
    }

    private func recordIdempotencyKeys(
        requests: [AppendRequest],
        outcomes: [Result<AppendResult, EventStoreError>],
        plan: AppendPlan,
        on connection: PostgresConnection
    ) async throws {
        var keys: [String] = []
        var results: [String] = []
        let encoder = JSONEncoder()
        for index in plan.writtenRequests {
            guard let key = requests[index].idempotencyKey, case .success(let result) = outcomes[index] else { continue }
            keys.append(key)
            results.append(String(decoding: try encoder.encode(result), as: UTF8.self))
        }
        guard !keys.isEmpty else { return }
        try await connection.query(
            "INSERT INTO event_append_keys (idempotency_key, result) SELECT * FROM unnest(\(keys)::text[], \(results)::jsonb[])",
            logger: logger
        )
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
