/// What becomes of a job after one try: the queue's state machine, free of I/O.
public enum JobTransition: Sendable, Hashable {
    /// Finished; `note` records why the work was unnecessary, if it was.
    case done(note: String?)
    /// Failed; due again after `delay`.
    case retry(after: Duration, error: String)
    /// Failed its last try.
    case dead(error: String)

    /// The transition after try `attempt` of a job allowed `maximumAttempts` tries ended with
    /// `result`, using `policy` for the back-off and `random` (0..<1) for its jitter.
    public static func after(
        _ result: Result<JobOutcome, JobFailure>, attempt: Int, maximumAttempts: Int, policy: RetryPolicy, random: Double
    ) -> JobTransition {
        switch result {
        case .success(.done): return .done(note: nil)
        case .success(.unnecessary(let reason)): return .done(note: JobText.bounded(reason))
        case .failure(let failure):
            let error = JobText.bounded(failure.message)
            guard attempt < maximumAttempts else { return .dead(error: error) }
            return .retry(after: policy.delay(afterAttempt: attempt, random: random), error: error)
        }
    }

    /// The state the job is left in.
    public var state: JobState {
        switch self {
        case .done: .done
        case .retry: .scheduled
        case .dead: .dead
        }
    }
}

/// A failed try, as recorded: the error's description.
public struct JobFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong (stored as the job's last error).
    public var message: String

    /// Creates a failure.
    public init(_ message: String) {
        self.message = message
    }

    /// The failure for an error a handler threw.
    public init(_ error: any Error) {
        self.message = String(describing: error)
    }

    public var description: String { message }
}
