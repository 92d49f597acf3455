/// Where a job is in its life, as stored in `jobs.state`.
///
/// `scheduled` → `running` (claimed) → `done` | `scheduled` (a failed try, due again after a
/// back-off) | `dead` (tries exhausted). A `running` job whose claim expired (its worker
/// stopped) is `scheduled` again, or `dead` if it had no tries left.
public enum JobState: String, Sendable, Hashable, CaseIterable {
    /// Waiting for its due time (first try, or a retry).
    case scheduled
    /// Claimed by a worker whose claim has not expired.
    case running
    /// Finished: its work was done, or turned out unnecessary.
    case done
    /// Every try failed; kept for inspection and a manual retry.
    case dead
}
