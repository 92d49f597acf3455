import Foundation
import Jobs
import NexusTestSupport
import PostgresNIO
import ServiceLifecycle
import Testing

@Suite("The PostgreSQL job queue and its workers")
struct JobQueueTests {
    let logger = JobsFixture.logger

    @Test func aUniqueKeyEnqueuesOneJobWhateverItsState() async throws {
        let database = try await JobsFixture.database("jobs_unique")
        try await TestDatabase.withClient(database.configuration) { client in
            let queue = JobQueue(client: client, logger: logger)
            let kind = JobKind("test.unique")
            let first = try await queue.enqueue(try JobRequest(kind: kind, payload: Numbered(n: 1), uniqueKey: "order-1"))
            let again = try await queue.enqueue(try JobRequest(kind: kind, payload: Numbered(n: 2), uniqueKey: "order-1"))
            let otherKind = try await queue.enqueue(try JobRequest(kind: JobKind("test.other"), payload: Numbered(n: 3), uniqueKey: "order-1"))
            #expect(first.inserted && !again.inserted && otherKind.inserted)
            #expect(again.id == first.id)
            // Still one job once the first has finished.
            let claimed = try await queue.claim(kinds: [kind.name], limit: 10, worker: "w", lease: .seconds(10))
            #expect(claimed.map(\.id) == [first.id])
            #expect(try claimed[0].decodePayload(Numbered.self).n == 1)
            try await queue.finish(claimed[0], .done(note: nil))
            let afterDone = try await queue.enqueue(try JobRequest(kind: kind, payload: Numbered(n: 4), uniqueKey: "order-1"))
            #expect(afterDone.id == first.id && !afterDone.inserted)
            #expect(try await JobsFixture.states(client) == ["done": 1, "scheduled": 1])
        }
    }

    @Test func aJobIsNotClaimedBeforeItIsDue() async throws {
        let database = try await JobsFixture.database("jobs_due")
        try await TestDatabase.withClient(database.configuration) { client in
            let queue = JobQueue(client: client, logger: logger)
            let kind = JobKind("test.due")
            try await queue.enqueue(try JobRequest(kind: kind, payload: Numbered(n: 1), due: .after(.seconds(1))))
            try await queue.enqueue(try JobRequest(kind: kind, payload: Numbered(n: 2), due: .at(Date().addingTimeInterval(3600))))
            let claimed = Shared<[ClaimedJob]>([])
            try await TestServices.eventually {
                let jobs = try await queue.claim(kinds: [kind.name], limit: 10, worker: "w", lease: .seconds(10))
                claimed.update { $0 += jobs }
                return !jobs.isEmpty
            }
            #expect(try claimed.value.map { try $0.decodePayload(Numbered.self).n } == [1])
            // Claimed no earlier than due, by the database's clock (the claim ends 10 s after it was made).
            let rows = try await client.query(
                "SELECT claim_expires_at - interval '10 seconds' >= due_at FROM jobs WHERE id = \(claimed.value[0].id)", logger: logger)
            for try await notEarly in rows.decode(Bool.self) { #expect(notEarly) }
        }
    }

    @Test func failedTriesRetryWithGrowingDelaysThenSucceed() async throws {
        let database = try await JobsFixture.database("jobs_retry")
        let tries = Shared<[ContinuousClock.Instant]>([])
        let kind = JobKind("test.flaky", retry: RetryPolicy(maximumAttempts: 5, baseDelay: .milliseconds(300), maximumDelay: .seconds(10), jitter: 0))
        let handler = ClosureHandler(kind: kind) { _ in
            let count = tries.update { $0.append(.now); return $0.count }
            if count <= 3 { throw JobFailure("try \(count) failed") }
            return .done
        }
        try await TestDatabase.withClient(database.configuration) { client in
            let queue = JobQueue(client: client, logger: logger)
            let id = try await queue.enqueue(try JobRequest(kind: kind, payload: Numbered(n: 1))).id
            let worker = JobWorker(queue: queue, handlers: [handler], configuration: JobsFixture.configuration(), logger: logger)
            try await TestServices.withRunning([worker]) {
                try await TestServices.eventually { try await JobsFixture.row(id, client)?.state == "done" }
            }
            let row = try #require(try await JobsFixture.row(id, client))
            #expect(row.attempts == 4)
            #expect(row.lastError == "try 3 failed")
            let times = tries.value
            let gaps = zip(times.dropFirst(), times).map { $0 - $1 }
            #expect(gaps.count == 3)
            // At least 300 ms, 600 ms, 1.2 s apart (jitter off); no upper bound: a loaded machine
            // may run a due job late.
            for (gap, expected) in zip(gaps, [Duration.milliseconds(300), .milliseconds(600), .milliseconds(1200)]) {
                #expect(gap >= expected)
            }
        }
    }

    @Test func aJobThatAlwaysFailsEndsDeadAndUnnecessaryWorkEndsDone() async throws {
        let database = try await JobsFixture.database("jobs_dead")
        let failing = ClosureHandler(kind: JobKind("test.failing", retry: RetryPolicy(maximumAttempts: 3, baseDelay: .milliseconds(10), jitter: 0))) { _ in
            throw JobFailure("the receiver refused it")
        }
        let unnecessary = ClosureHandler(kind: JobKind("test.unnecessary")) { _ in .unnecessary("the order was paid") }
        try await TestDatabase.withClient(database.configuration) { client in
            let queue = JobQueue(client: client, logger: logger)
            let dead = try await queue.enqueue(try JobRequest(kind: failing.kind, payload: Numbered(n: 1))).id
            let skipped = try await queue.enqueue(try JobRequest(kind: unnecessary.kind, payload: Numbered(n: 2))).id
            let worker = JobWorker(queue: queue, handlers: [failing, unnecessary], configuration: JobsFixture.configuration(), logger: logger)
            try await TestServices.withRunning([worker]) {
                try await TestServices.eventually { try await JobsFixture.row(dead, client)?.state == "dead" }
                try await TestServices.eventually { try await JobsFixture.row(skipped, client)?.state == "done" }
            }
            #expect(try await JobsFixture.row(dead, client) == .init(state: "dead", attempts: 3, lastError: "the receiver refused it", outcome: nil))
            #expect(try await JobsFixture.row(skipped, client) == .init(state: "done", attempts: 1, lastError: nil, outcome: "the order was paid"))
        }
    }

    @Test func aManualRetryOfADeadJobGetsAFreshRetrySchedule() async throws {
        let database = try await JobsFixture.database("jobs_manual_retry")
        let tries = Shared<[ContinuousClock.Instant]>([])
        let kind = JobKind("test.refused", retry: RetryPolicy(maximumAttempts: 3, baseDelay: .milliseconds(200), maximumDelay: .seconds(10), jitter: 0))
        let handler = ClosureHandler(kind: kind) { _ in
            tries.update { $0.append(.now) }
            throw JobFailure("refused")
        }
        try await TestDatabase.withClient(database.configuration) { client in
            let queue = JobQueue(client: client, logger: logger)
            let id = try await queue.enqueue(try JobRequest(kind: kind, payload: Numbered(n: 1))).id
            #expect(try await !queue.retryDead(id: id, kind: kind.name), "only a dead job can be retried by hand")
            let worker = JobWorker(queue: queue, handlers: [handler], configuration: JobsFixture.configuration(), logger: logger)
            try await TestServices.withRunning([worker]) {
                try await TestServices.eventually { try await JobsFixture.row(id, client)?.state == "dead" }
                #expect(tries.value.count == 3)
                #expect(try await queue.retryDead(id: id, kind: kind.name))
                try await TestServices.eventually {
                    let state = try await JobsFixture.row(id, client)?.state
                    return tries.value.count == 6 && state == "dead"
                }
            }
            #expect(try await JobsFixture.row(id, client) == .init(state: "dead", attempts: 3, lastError: "refused", outcome: nil))
            // The retried job waited as a new one would: 200 ms, then 400 ms (no upper bound on a loaded machine).
            let again = Array(tries.value[3...])
            let gaps = zip(again.dropFirst(), again).map { $0 - $1 }
            #expect(gaps.count == 2 && gaps[0] >= .milliseconds(200) && gaps[1] >= .milliseconds(400), "\(gaps)")
            #expect(tries.value.count == 6)
        }
    }

    @Test func twoWorkersNeverRunTheSameJobAtOnce() async throws {
        let database = try await JobsFixture.database("jobs_two_workers")
        let jobs = 300
        let active = Shared<Set<Int64>>([])
        let overlaps = Shared(0)
        let runs = Shared<[Int64: Int]>([:])
        let byWorker = Shared<[String: Int]>([:])
        let kind = JobKind("test.shared")
        @Sendable func handler(_ name: String) -> ClosureHandler {
            ClosureHandler(kind: kind) { job in
                if !active.update({ $0.insert(job.id).inserted }) { overlaps.update { $0 += 1 } }
                try await Task.sleep(for: .milliseconds(Int.random(in: 1...5)))
                active.update { _ = $0.remove(job.id) }
                runs.update { $0[job.id, default: 0] += 1 }
                byWorker.update { $0[name, default: 0] += 1 }
                return .done
            }
        }
        // Two workers with their own connection pools, as two processes would have.
        try await TestDatabase.withClient(database.configuration) { first in
            try await TestDatabase.withClient(database.configuration) { second in
                let queue = JobQueue(client: first, logger: logger)
                for n in 0..<jobs { try await queue.enqueue(try JobRequest(kind: kind, payload: Numbered(n: n))) }
                var configuration = JobsFixture.configuration(name: "a")
                configuration.concurrency = 8
                let a = JobWorker(queue: queue, handlers: [handler("a")], configuration: configuration, logger: logger)
                configuration.workerName = "b"
                let b = JobWorker(queue: JobQueue(client: second, logger: logger), handlers: [handler("b")], configuration: configuration, logger: logger)
                try await TestServices.withRunning([a, b]) {
                    try await TestServices.eventually(within: .seconds(60)) { try await JobsFixture.states(first) == ["done": jobs] }
                }
            }
        }
        #expect(overlaps.value == 0)
        #expect(runs.value.count == jobs && runs.value.values.allSatisfy { $0 == 1 })
        #expect(byWorker.value["a", default: 0] > 0 && byWorker.value["b", default: 0] > 0)
    }

    @Test func aDeadWorkersClaimExpiresAndTheJobRunsAgain() async throws {
        let database = try await JobsFixture.database("jobs_expired_claim")
        let kind = JobKind("test.rescued")
        let runs = Shared(0)
        let handler = ClosureHandler(kind: kind) { _ in
            runs.update { $0 += 1 }
            return .done
        }
        try await TestDatabase.withClient(database.configuration) { client in
            let queue = JobQueue(client: client, logger: logger)
            let id = try await queue.enqueue(try JobRequest(kind: kind, payload: Numbered(n: 1))).id
            // A worker claims the job, then dies without finishing or extending its claim.
            let stale = try #require(try await queue.claim(kinds: [kind.name], limit: 1, worker: "dead-worker", lease: .seconds(1)).first)
            let worker = JobWorker(queue: queue, handlers: [handler], configuration: JobsFixture.configuration(), logger: logger)
            let started = ContinuousClock.now
            try await TestServices.withRunning([worker]) {
                try await TestServices.eventually { try await JobsFixture.row(id, client)?.state == "done" }
            }
            #expect(ContinuousClock.now - started >= .milliseconds(800))
            #expect(runs.value == 1)
            let row = try #require(try await JobsFixture.row(id, client))
            #expect(row.attempts == 2)
            #expect(row.lastError?.contains("dead-worker") == true)
            // The dead worker's late result is refused: the claim is no longer its.
            #expect(try await queue.finish(stale, .dead(error: "late")) == false)
            #expect(try await JobsFixture.row(id, client)?.state == "done")
        }
    }

    @Test func aRunningJobKeepsItsClaimPastTheLease() async throws {
        let database = try await JobsFixture.database("jobs_long_run")
        let kind = JobKind("test.long")
        let runs = Shared(0)
        let handler = ClosureHandler(kind: kind) { _ in
            runs.update { $0 += 1 }
            try await Task.sleep(for: .seconds(8))  // more than twice the lease
            return .done
        }
        try await TestDatabase.withClient(database.configuration) { client in
            let queue = JobQueue(client: client, logger: logger)
            let id = try await queue.enqueue(try JobRequest(kind: kind, payload: Numbered(n: 1))).id
            // A 3 s lease renewed every second: a renewal may be late by 2 s on a loaded machine
            // (with a 1 s lease, a renewal late by 0.7 s let the other worker claim it again).
            let a = JobWorker(queue: queue, handlers: [handler], configuration: JobsFixture.configuration(lease: .seconds(3)), logger: logger)
            let b = JobWorker(queue: queue, handlers: [handler], configuration: JobsFixture.configuration(lease: .seconds(3)), logger: logger)
            try await TestServices.withRunning([a, b]) {
                try await TestServices.eventually { try await JobsFixture.row(id, client)?.state == "done" }
            }
            #expect(runs.value == 1)
            #expect(try await JobsFixture.row(id, client)?.attempts == 1)
        }
    }

    @Test func gracefulShutdownLetsRunningJobsFinishAndRecordThem() async throws {
        let database = try await JobsFixture.database("jobs_shutdown")
        let kind = JobKind("test.shutdown")
        let started = Shared(false)
        let handler = ClosureHandler(kind: kind) { _ in
            started.update { $0 = true }
            try await Task.sleep(for: .milliseconds(700))
            return .done
        }
        try await TestDatabase.withClient(database.configuration) { client in
            let queue = JobQueue(client: client, logger: logger)
            let id = try await queue.enqueue(try JobRequest(kind: kind, payload: Numbered(n: 1))).id
            let worker = JobWorker(queue: queue, handlers: [handler], configuration: JobsFixture.configuration(), logger: logger)
            let group = ServiceGroup(services: [worker], logger: logger)
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await group.run() }
                try await TestServices.eventually { started.value }
                await group.triggerGracefulShutdown()
                try await tasks.waitForAll()
            }
            #expect(try await JobsFixture.row(id, client) == .init(state: "done", attempts: 1, lastError: nil, outcome: nil))
        }
    }
    @Test func workersPruneFinishedJobsPastTheRetentionInBatchesAndKeepTheRest() async throws {
        let database = try await JobsFixture.database("jobs_prune")
        try await TestDatabase.withClient(database.configuration) { client in
            let queue = JobQueue(client: client, logger: JobsFixture.logger)
            let kind = JobKind("test.prune", retry: RetryPolicy(maximumAttempts: 1))
            var enqueued: [Int64] = []
            for n in 0..<7 { enqueued.append(try await queue.enqueue(try JobRequest(kind: kind, payload: Numbered(n: n), uniqueKey: "old-\(n)")).id) }
            let old = enqueued
            let claimedOld = try await queue.claim(kinds: [kind.name], limit: 7, worker: "w", lease: .seconds(60))
            for (index, job) in claimedOld.enumerated() {
                try await queue.finish(job, index.isMultiple(of: 2) ? .done(note: nil) : .dead(error: "no"))
            }
            // Finished an hour ago, past a retention of 30 minutes.
            _ = try await client.query("UPDATE jobs SET finished_at = now() - interval '1 hour', created_at = now() - interval '2 hours'", logger: JobsFixture.logger)
            let recent = try await queue.enqueue(try JobRequest(kind: kind, payload: Numbered(n: 10))).id
            let recentDead = try await queue.enqueue(try JobRequest(kind: kind, payload: Numbered(n: 11))).id
            let recentJobs = try await queue.claim(kinds: [kind.name], limit: 2, worker: "w", lease: .seconds(60))
            try await queue.finish(recentJobs[0], .done(note: nil))
            try await queue.finish(recentJobs[1], .dead(error: "no"))
            let running = try await queue.enqueue(try JobRequest(kind: kind, payload: Numbered(n: 12))).id
            #expect(try await queue.claim(kinds: [kind.name], limit: 1, worker: "w", lease: .seconds(600)).map(\.id) == [running])
            let due = try await queue.enqueue(try JobRequest(kind: JobKind("test.unhandled"), payload: Numbered(n: 13))).id
            let later = try await queue.enqueue(try JobRequest(kind: kind, payload: Numbered(n: 14), due: .after(.seconds(3600)))).id
            // Old rows that are not finished stay, however old.
            _ = try await client.query("UPDATE jobs SET created_at = now() - interval '2 hours' WHERE id IN (\(running), \(due), \(later))", logger: JobsFixture.logger)

            var configuration = JobsFixture.configuration()
            configuration.retention = .seconds(30 * 60)
            configuration.pruneInterval = .milliseconds(100)
            configuration.pruneBatchSize = 2
            let idle = ClosureHandler(kind: JobKind("test.idle")) { _ in .done }
            let workers = (0..<2).map { _ in JobWorker(queue: queue, handlers: [idle], configuration: configuration, logger: JobsFixture.logger) }
            try await TestServices.withRunning(workers) {
                try await TestServices.eventually { try await JobsFixture.states(client)["done", default: 0] + JobsFixture.states(client)["dead", default: 0] == 2 }
                // A few more rounds, to see that nothing else goes.
                try await Task.sleep(for: .milliseconds(500))
            }
            for id in old { #expect(try await JobsFixture.row(id, client) == nil, "job \(id)") }
            #expect(try await JobsFixture.row(recent, client)?.state == "done")
            #expect(try await JobsFixture.row(recentDead, client)?.state == "dead")
            #expect(try await JobsFixture.row(running, client)?.state == "running")
            #expect(try await JobsFixture.row(due, client)?.state == "scheduled")
            #expect(try await JobsFixture.row(later, client)?.state == "scheduled")
            // A pruned job's unique key is free again.
            #expect(try await queue.enqueue(try JobRequest(kind: kind, payload: Numbered(n: 0), uniqueKey: "old-0")).inserted)
        }
    }

}

@Suite("The job queue's status per kind")
struct JobQueueStatusTests {
    @Test func countsDueScheduledRetryingRunningAndDeadPerKind() async throws {
        let database = try await JobsFixture.database("jobs_status")
        try await TestDatabase.withClient(database.configuration) { client in
            let queue = JobQueue(client: client, logger: JobsFixture.logger)
            let a = JobKind("test.a", retry: RetryPolicy(maximumAttempts: 1))
            let b = JobKind("test.b", retry: RetryPolicy(maximumAttempts: 5, baseDelay: .seconds(60)))
            for n in 0..<3 { try await queue.enqueue(try JobRequest(kind: a, payload: Numbered(n: n))) }
            try await queue.enqueue(try JobRequest(kind: a, payload: Numbered(n: 9), due: .after(.seconds(600))))
            for n in 0..<2 { try await queue.enqueue(try JobRequest(kind: b, payload: Numbered(n: n))) }
            #expect(try await queue.status().map(\.kind) == ["test.a", "test.b"])
            // a: one running, one dead (its only try failed), one done, one due, one for later.
            let claimedA = try await queue.claim(kinds: [a.name], limit: 3, worker: "w", lease: .seconds(60))
            try await queue.finish(claimedA[1], .dead(error: "no"))
            try await queue.finish(claimedA[2], .done(note: nil))
            try await queue.enqueue(try JobRequest(kind: a, payload: Numbered(n: 10)))
            // b: one retrying after a failed try, one due.
            let claimedB = try await queue.claim(kinds: [b.name], limit: 1, worker: "w", lease: .seconds(60))
            try await queue.finish(claimedB[0], .retry(after: .seconds(60), error: "later"))
            try await Task.sleep(for: .milliseconds(300))
            let status = try await queue.status()
            #expect(status.map(\.kind) == ["test.a", "test.b"])
            #expect(status[0].counts.map(\.count) == [1, 1, 0, 1, 1])
            #expect(status[1].counts.map(\.count) == [1, 0, 1, 0, 0])
            #expect(status.allSatisfy { $0.oldestDueSeconds >= 0.25 && $0.oldestDueSeconds < 30 })
        }
    }

}
