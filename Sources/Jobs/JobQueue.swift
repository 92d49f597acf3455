import EventStorePostgres
import Foundation
public import Logging
public import PostgresNIO

/// The durable job queue in PostgreSQL's `jobs` table: enqueue, claim, finish.
///
/// Workers claim due jobs with `FOR UPDATE SKIP LOCKED`, so any number of workers in any
/// number of processes share the queue and never claim the same job together. A claim
/// expires unless its worker extends it: the job of a worker that died runs again.
public struct JobQueue: Sendable {
    /// The client the queue's statements use.
    public let client: PostgresClient
    let logger: Logger

    /// A queue over `client`'s database (migrated with ``JobSchema``).
    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    /// The result of an enqueue.
    public struct Enqueued: Sendable, Hashable {
        /// The job's id (the earlier job's, for a duplicate unique key).
        public var id: Int64
        /// False when a job of the kind already had the unique key: nothing was added.
        public var inserted: Bool
    }

    /// Adds a job; with a unique key already used by a job of the same kind (in any state),
    /// adds nothing and answers that job.
    /// - Throws: ``JobError`` for an invalid request; PostgreSQL errors when the database fails.
    @discardableResult
    public func enqueue(_ request: JobRequest) async throws -> Enqueued {
        let (payload, at, delay) = try request.validated()
        let kind = request.kind.name
        let key = request.uniqueKey
        let inserted = try await client.withRows(
            """
            INSERT INTO jobs (kind, unique_key, payload, max_attempts, due_at)
            VALUES (\(kind), \(key), \(payload)::jsonb, \(request.kind.retry.maximumAttempts),
                    coalesce(\(at)::timestamptz, now() + make_interval(secs => \(delay))))
            ON CONFLICT (kind, unique_key) WHERE unique_key IS NOT NULL DO NOTHING
            RETURNING id
            """, logger: logger
        ) { rows -> Int64? in
            for try await id in rows.decode(Int64.self) { return id }
            return nil
        }
        if let inserted { return Enqueued(id: inserted, inserted: true) }
        let existing = try await client.firstInt64(
            "SELECT id FROM jobs WHERE kind = \(kind) AND unique_key = \(key)", logger: logger)
        return Enqueued(id: existing, inserted: false)
    }

    /// Claims up to `limit` due jobs of `kinds` for `worker` until `lease` from now, oldest due first.
    public func claim(kinds: [String], limit: Int, worker: String, lease: Duration) async throws -> [ClaimedJob] {
        guard limit > 0, !kinds.isEmpty else { return [] }
        return try await client.withRows(
            """
            UPDATE jobs SET state = 'running', attempts = jobs.attempts + 1, claimed_by = \(worker),
                   claim_token = gen_random_uuid(), claim_expires_at = now() + make_interval(secs => \(lease.seconds))
              FROM (SELECT id FROM jobs
                     WHERE state = 'scheduled' AND due_at <= now() AND kind = ANY(\(kinds))
                     ORDER BY due_at, id LIMIT \(limit)
                     FOR UPDATE SKIP LOCKED) AS next
             WHERE jobs.id = next.id
            RETURNING jobs.id, jobs.kind, jobs.unique_key, jobs.payload::text, jobs.attempts, jobs.max_attempts, jobs.claim_token
            """, logger: logger
        ) { rows in
            var jobs: [ClaimedJob] = []
            for try await (id, kind, key, payload, attempt, maximum, token) in rows.decode(
                (Int64, String, String?, String, Int32, Int32, UUID).self)
            {
                jobs.append(ClaimedJob(
                    id: id, kind: kind, uniqueKey: key, payload: Data(payload.utf8), attempt: Int(attempt),
                    maximumAttempts: Int(maximum), claimToken: token))
            }
            return jobs.sorted { $0.id < $1.id }
        }
    }

    /// Records how a claimed job's try ended. Returns false when the claim was no longer
    /// held (it expired and the job was taken over or rescued): nothing is changed then.
    @discardableResult
    public func finish(_ job: ClaimedJob, _ transition: JobTransition) async throws -> Bool {
        let state = transition.state.rawValue
        let (delay, error, note): (Double, String?, String?) = switch transition {
        case .done(let note): (0, nil, note)
        case .retry(let after, let error): (after.seconds, error, nil)
        case .dead(let error): (0, error, nil)
        }
        return try await client.withRows(
            """
            UPDATE jobs SET state = \(state),
                   due_at = CASE WHEN \(state) = 'scheduled' THEN now() + make_interval(secs => \(delay)) ELSE due_at END,
                   last_error = coalesce(\(error), last_error), outcome = \(note),
                   finished_at = CASE WHEN \(state) = 'scheduled' THEN NULL ELSE now() END,
                   claimed_by = NULL, claim_token = NULL, claim_expires_at = NULL
             WHERE id = \(job.id) AND claim_token = \(job.claimToken) AND state = 'running'
            RETURNING id
            """, logger: logger
        ) { rows in
            for try await _ in rows { return true }
            return false
        }
    }

    /// Moves the claims of `jobs` (still held) to `lease` from now; answers the ids still held.
    public func extendClaims(_ jobs: [ClaimedJob], lease: Duration) async throws -> Set<Int64> {
        guard !jobs.isEmpty else { return [] }
        let ids = jobs.map(\.id)
        let tokens = jobs.map(\.claimToken)
        return try await client.withRows(
            """
            UPDATE jobs SET claim_expires_at = now() + make_interval(secs => \(lease.seconds))
              FROM unnest(\(ids)::int8[], \(tokens)::uuid[]) AS held(id, token)
             WHERE jobs.id = held.id AND jobs.claim_token = held.token AND jobs.state = 'running'
            RETURNING jobs.id
            """, logger: logger
        ) { rows in
            var held: Set<Int64> = []
            for try await id in rows.decode(Int64.self) { held.insert(id) }
            return held
        }
    }

    /// Ends every expired claim: the job is due again at once, or dead if it had no tries left.
    /// Answers how many claims were ended.
    @discardableResult
    public func rescueExpiredClaims() async throws -> Int {
        try await client.withRows(
            """
            UPDATE jobs SET state = CASE WHEN attempts >= max_attempts THEN 'dead' ELSE 'scheduled' END,
                   due_at = now(), finished_at = CASE WHEN attempts >= max_attempts THEN now() END,
                   last_error = 'the claim of worker ' || coalesce(claimed_by, '?') || ' expired before the job finished',
                   claimed_by = NULL, claim_token = NULL, claim_expires_at = NULL
             WHERE id IN (SELECT id FROM jobs WHERE state = 'running' AND claim_expires_at <= now() FOR UPDATE SKIP LOCKED)
            RETURNING id
            """, logger: logger
        ) { rows in
            var count = 0
            for try await _ in rows { count += 1 }
            return count
        }
    }

    /// Gives a dead job of `kind` a fresh retry schedule: due at once, its tries counted from zero
    /// again, so it gets the tries it was enqueued with and the kind's back-off as a new job would
    /// (its last error is kept until a try ends). Answers false when no dead job of that kind has the id.
    public func retryDead(id: Int64, kind: String) async throws -> Bool {
        try await client.firstInt64(
            """
            WITH again AS (
                UPDATE jobs SET state = 'scheduled', attempts = 0, due_at = now(), finished_at = NULL
                 WHERE id = \(id) AND kind = \(kind) AND state = 'dead' RETURNING 1)
            SELECT count(*) FROM again
            """, logger: logger) > 0
    }

    /// Deletes up to `limit` finished (`done` or `dead`) jobs that finished more than `retention`
    /// ago, oldest first, skipping rows another transaction holds (a manual retry, another
    /// worker pruning). Answers how many were deleted. Once deleted, a job's unique key is free.
    public func pruneFinished(olderThan retention: Duration, limit: Int) async throws -> Int {
        guard limit > 0 else { return 0 }
        return Int(try await client.firstInt64(
            """
            WITH gone AS (
                DELETE FROM jobs WHERE id IN (
                    SELECT id FROM jobs
                     WHERE state IN ('done', 'dead') AND finished_at < now() - make_interval(secs => \(retention.seconds))
                     ORDER BY finished_at LIMIT \(limit) FOR UPDATE SKIP LOCKED)
                RETURNING 1)
            SELECT count(*) FROM gone
            """, logger: logger))
    }

    /// Per kind: jobs due, scheduled for later, retrying, running and dead, and how long the
    /// oldest due job has waited. Finished jobs are not counted.
    public func status() async throws -> [JobKindStatus] {
        try await client.withRows(
            """
            SELECT kind,
                   count(*) FILTER (WHERE state = 'scheduled' AND due_at <= now() AND attempts = 0)::int8,
                   count(*) FILTER (WHERE state = 'scheduled' AND due_at > now() AND attempts = 0)::int8,
                   count(*) FILTER (WHERE state = 'scheduled' AND attempts > 0)::int8,
                   count(*) FILTER (WHERE state = 'running')::int8,
                   count(*) FILTER (WHERE state = 'dead')::int8,
                   coalesce(extract(epoch FROM now() - min(due_at) FILTER (WHERE state = 'scheduled' AND due_at <= now())), 0)::float8
              FROM jobs WHERE state <> 'done' GROUP BY kind ORDER BY kind
            """, logger: logger
        ) { rows in
            var kinds: [JobKindStatus] = []
            for try await (kind, due, scheduled, retrying, running, dead, oldest) in rows.decode(
                (String, Int64, Int64, Int64, Int64, Int64, Double).self)
            {
                kinds.append(JobKindStatus(
                    kind: kind, due: due, scheduled: scheduled, retrying: retrying, running: running, dead: dead, oldestDueSeconds: oldest))
            }
            return kinds
        }
    }
}
