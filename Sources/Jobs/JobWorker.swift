import EventStorePostgres
import NexusConcurrency
public import Logging
public import ServiceLifecycle
import Synchronization

/// Runs due jobs of the kinds it has handlers for, up to `concurrency` at a time.
///
/// On graceful shutdown it stops claiming and lets the jobs it runs finish and be recorded
/// (their claims kept alive meanwhile); a worker that is killed instead leaves claims that
/// expire after ``JobWorkerConfiguration/claimLease``, and those jobs run again elsewhere.
public final class JobWorker: Service, Sendable {
    private let queue: JobQueue
    private let handlers: [String: any JobHandler]
    private let configuration: JobWorkerConfiguration
    private let logger: Logger
    private let running = Mutex<[Int64: ClaimedJob]>([:])
    private let wake = WakeSignal()
    private let stopping = Atomic<Bool>(false)
    private let metrics = JobMetrics()

    /// A worker running `handlers` (one per kind; a later one for the same kind wins) on `queue`.
    public init(queue: JobQueue, handlers: [any JobHandler], configuration: JobWorkerConfiguration = .init(), logger: Logger) {
        self.queue = queue
        self.handlers = Dictionary(handlers.map { ($0.kind.name, $0) }, uniquingKeysWith: { $1 })
        self.configuration = configuration
        self.logger = logger
    }

    /// Claims and runs jobs until graceful shutdown (running jobs finish first) or cancellation.
    public func run() async throws {
        guard !handlers.isEmpty else { return try await gracefulShutdown() }
        try await withGracefulShutdownHandler {
            try await withThrowingDiscardingTaskGroup { group in
                group.addTask { try await self.extendClaimsWhileRunning() }
                group.addTask { try await self.pruneFinishedJobsPeriodically() }
                try await self.claimLoop(group: &group)
            }
        } onGracefulShutdown: {
            self.stopping.store(true, ordering: .relaxed)
            self.wake.signal()
        }
    }

    private var isStopping: Bool { stopping.load(ordering: .relaxed) }
    private var runningCount: Int { running.withLock { $0.count } }

    /// Claims while there is room, hands each job to a task of `group`; when stopping, waits
    /// until the running jobs are recorded.
    private func claimLoop(group: inout ThrowingDiscardingTaskGroup<any Error>) async throws {
        var backoff = configuration.initialBackoff
        while !isStopping {
            try Task.checkCancellation()
            let room = configuration.concurrency - runningCount
            var claimed: [ClaimedJob] = []
            do {
                try await queue.rescueExpiredClaims()
                if room > 0 {
                    claimed = try await queue.claim(
                        kinds: Array(handlers.keys), limit: room, worker: configuration.workerName, lease: configuration.claimLease)
                }
                backoff = configuration.initialBackoff
            } catch where !Task.isCancelled {
                logger.warning("the job queue could not be read; retrying after back-off", metadata: [JobLogKey.error: "\(String(reflecting: error))"])
                try await Task.sleep(for: backoff)
                backoff = min(backoff * 2, configuration.maximumBackoff)
                continue
            }
            for job in claimed {
                running.withLock { $0[job.id] = job }
                group.addTask { await self.runAndRecord(job) }
            }
            // A full batch suggests more are due: claim again at once while there is room.
            if claimed.isEmpty || claimed.count < room || runningCount >= configuration.concurrency {
                await wake.wait(upTo: configuration.pollInterval)
            }
        }
        while runningCount > 0 {
            await wake.wait(upTo: configuration.pollInterval)
        }
    }

    /// Extends the claims of the running jobs every third of the lease, until stopped with none running.
    private func extendClaimsWhileRunning() async throws {
        let period = configuration.claimLease / 3
        while !(isStopping && runningCount == 0) {
            try await Task.sleep(for: min(period, configuration.pollInterval * 2))
            let jobs = running.withLock { Array($0.values) }
            guard !jobs.isEmpty else { continue }
            do {
                let held = try await queue.extendClaims(jobs, lease: configuration.claimLease)
                // A job that finished meanwhile gave its claim up; only one still running lost it.
                for job in jobs where !held.contains(job.id) && running.withLock({ $0[job.id] != nil }) {
                    logger.warning("a running job's claim was lost", metadata: [JobLogKey.job: "\(job.id)", JobLogKey.kind: "\(job.kind)"])
                }
            } catch where !Task.isCancelled {
                logger.warning("claims could not be extended", metadata: [JobLogKey.error: "\(String(reflecting: error))"])
            }
        }
    }

    /// Every ``JobWorkerConfiguration/pruneInterval`` (the first time at start), deletes the
    /// finished jobs older than the retention time in bounded batches, until stopping.
    private func pruneFinishedJobsPeriodically() async throws {
        var next = ContinuousClock.now
        while !isStopping {
            if ContinuousClock.now >= next {
                await pruneFinishedJobs()
                next = .now + configuration.pruneInterval
            }
            try await Task.sleep(for: min(next - .now, configuration.pollInterval))
        }
    }

    /// Deletes finished jobs past the retention time, batch after batch until one is not full.
    private func pruneFinishedJobs() async {
        var pruned = 0
        do {
            while !isStopping {
                let deleted = try await queue.pruneFinished(olderThan: configuration.retention, limit: configuration.pruneBatchSize)
                pruned += deleted
                metrics.recordPruned(deleted)
                if deleted < configuration.pruneBatchSize { break }
            }
        } catch where !Task.isCancelled {
            logger.warning("finished jobs could not be pruned; trying again later", metadata: [JobLogKey.error: "\(String(reflecting: error))"])
        } catch {}
        if pruned > 0 {
            logger.info("pruned finished jobs past their retention", metadata: [JobLogKey.count: "\(pruned)", JobLogKey.retention: "\(configuration.retention)"])
        }
    }

    /// Runs one try and records its transition; the job leaves the running set either way.
    private func runAndRecord(_ job: ClaimedJob) async {
        defer {
            running.withLock { _ = $0.removeValue(forKey: job.id) }
            wake.signal()
        }
        guard let handler = handlers[job.kind] else { return }
        let started = ContinuousClock.now
        let result: Result<JobOutcome, JobFailure>
        do {
            result = .success(try await withDeadline(configuration.jobTimeout) { try await handler.run(job) })
        } catch {
            // A cancelled worker records nothing: the claim expires and the job runs again.
            if Task.isCancelled { return }
            result = .failure(JobFailure(error))
        }
        let transition = JobTransition.after(
            result, attempt: job.attempt, maximumAttempts: job.maximumAttempts, policy: handler.kind.retry, random: Double.random(in: 0..<1))
        metrics.record(transition, kind: job.kind, duration: ContinuousClock.now - started)
        log(transition, of: job)
        do {
            if try await !queue.finish(job, transition) {
                logger.warning("a job's result was not recorded: its claim had expired", metadata: [JobLogKey.job: "\(job.id)", JobLogKey.kind: "\(job.kind)"])
            }
        } catch {
            logger.warning("a job's result could not be recorded; it runs again when its claim expires", metadata: [
                JobLogKey.job: "\(job.id)", JobLogKey.kind: "\(job.kind)", JobLogKey.error: "\(String(reflecting: error))",
            ])
        }
    }

    private func log(_ transition: JobTransition, of job: ClaimedJob) {
        let metadata: Logger.Metadata = [JobLogKey.job: "\(job.id)", JobLogKey.kind: "\(job.kind)", JobLogKey.attempt: "\(job.attempt)"]
        switch transition {
        case .done(let note): logger.debug("job done", metadata: metadata.merging([JobLogKey.note: "\(note ?? "")"]) { $1 })
        case .retry(let after, let error):
            logger.info("job failed; retrying", metadata: metadata.merging([JobLogKey.error: "\(error)", JobLogKey.delay: "\(after)"]) { $1 })
        case .dead(let error): logger.error("job failed its last try", metadata: metadata.merging([JobLogKey.error: "\(error)"]) { $1 })
        }
    }
}
