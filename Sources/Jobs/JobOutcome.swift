/// What a handler reports when its work ends without an error.
public enum JobOutcome: Sendable, Hashable {
    /// The work was done.
    case done
    /// The work was not needed any more (e.g. the order was paid meanwhile); the job is done, with
    /// this reason recorded, not failed.
    case unnecessary(String)
}
