public import Jobs

/// Settings of webhook delivery, with documented defaults.
public struct WebhookConfiguration: Sendable {
    /// Which URLs may be targets. Default: none.
    public var targets = WebhookTargetPolicy()
    /// How long one delivery waits for the receiver's answer (`NEXUS_WEBHOOK_TIMEOUT`). Default 10 s.
    public var timeout: Duration = .seconds(10)
    /// The most response-body bytes read from a receiver (the rest is discarded). Default 64 KiB.
    public var maximumResponseBytes = 64 * 1024
    /// Tries and back-off of deliveries: 12 tries, 1 minute doubling up to 4 hours (about 21 hours
    /// in all, `NEXUS_WEBHOOK_MAX_ATTEMPTS`, `NEXUS_WEBHOOK_RETRY_BASE`, `NEXUS_WEBHOOK_RETRY_MAX`).
    public var retry = RetryPolicy(maximumAttempts: 12, baseDelay: .seconds(60), maximumDelay: .seconds(4 * 3600))
    /// The Kafka consumer group of the dispatcher. Default `nexus-webhooks`.
    public var consumerGroup = "nexus-webhooks"
    /// First wait after the dispatcher failed; doubles up to `maximumBackoff`. Default 100 ms.
    public var initialBackoff: Duration = .milliseconds(100)
    /// Longest wait before the dispatcher starts again. Default 5 s.
    public var maximumBackoff: Duration = .seconds(5)

    /// The name of delivery jobs.
    public static let kindName = "webhook.delivery"

    /// The delivery jobs' kind, with this configuration's retry policy.
    public var kind: JobKind { JobKind(Self.kindName, retry: retry) }

    /// Creates a configuration with the documented defaults.
    public init() {}
}
