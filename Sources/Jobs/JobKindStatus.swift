/// How the jobs of one kind stand right now (``JobQueue/status()``).
public struct JobKindStatus: Sendable, Hashable, Codable {
    /// The kind's name.
    public var kind: String
    /// Due now or earlier, never tried, waiting for a worker.
    public var due: Int64
    /// Scheduled for later, never tried.
    public var scheduled: Int64
    /// Scheduled again after failed tries (due or not).
    public var retrying: Int64
    /// Claimed by a worker.
    public var running: Int64
    /// Out of tries.
    public var dead: Int64
    /// How long the oldest due job has waited past its due time, in seconds (0 when none is due).
    public var oldestDueSeconds: Double

    /// Creates a status.
    public init(kind: String, due: Int64, scheduled: Int64, retrying: Int64, running: Int64, dead: Int64, oldestDueSeconds: Double) {
        self.kind = kind
        self.due = due
        self.scheduled = scheduled
        self.retrying = retrying
        self.running = running
        self.dead = dead
        self.oldestDueSeconds = oldestDueSeconds
    }

    /// The names of the counts, as the metrics and `nexus jobs status` show them.
    public static let countNames = ["due", "scheduled", "retrying", "running", "dead"]

    /// The counts by name (``countNames``).
    public var counts: [(state: String, count: Int64)] {
        Array(zip(Self.countNames, [due, scheduled, retrying, running, dead]))
    }
}
