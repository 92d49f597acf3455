public import Jobs

/// Settings of the payment deadline, with documented defaults.
public struct PaymentDeadlineConfiguration: Sendable {
    /// How long after it was placed an unpaid order is cancelled (`NEXUS_ORDER_PAYMENT_TIMEOUT`). Default 30 minutes.
    public var timeout: Duration = .seconds(30 * 60)
    /// The Kafka consumer group of the scheduler. Default `nexus-payment-deadlines`.
    public var consumerGroup = "nexus-payment-deadlines"
    /// The reason recorded in `OrderCancelled`. Default `payment-timeout`.
    public var reason = "payment-timeout"
    /// First wait after the scheduler failed (broker or database); doubles up to `maximumBackoff`. Default 100 ms.
    public var initialBackoff: Duration = .milliseconds(100)
    /// Longest wait before the scheduler starts again. Default 5 s.
    public var maximumBackoff: Duration = .seconds(5)

    /// The deadline jobs: 10 tries, 1 s to 5 minutes apart.
    public static let kind = JobKind("order.payment-deadline", retry: RetryPolicy(maximumAttempts: 10, baseDelay: .seconds(1), maximumDelay: .seconds(300)))

    /// Creates a configuration with the documented defaults.
    public init() {}
}
