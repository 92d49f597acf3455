/// A kind of job: its name in the queue and its retry policy. The code that enqueues a kind
/// and the handler that runs it share one value, so both agree on the limit of tries.
public struct JobKind: Sendable, Hashable {
    /// The name stored with each job: 1…100 bytes of printable ASCII, e.g. `order.payment-deadline`.
    public let name: String
    /// Tries, back-off and jitter.
    public let retry: RetryPolicy

    /// Creates a kind.
    public init(_ name: String, retry: RetryPolicy = RetryPolicy()) {
        self.name = name
        self.retry = retry
    }
}
