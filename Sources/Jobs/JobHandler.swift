/// Runs the jobs of one kind. Work must be idempotent: a job whose worker died mid-run runs
/// again once its claim expires, and may have done part or all of its work before.
public protocol JobHandler: Sendable {
    /// The kind this handler runs, with its retry policy.
    var kind: JobKind { get }

    /// Does the job's work. Throwing counts as a failed try (retried after a back-off, dead
    /// after the kind's last try); the error's description is stored as the job's last error,
    /// so it must not hold secrets.
    func run(_ job: ClaimedJob) async throws -> JobOutcome
}
