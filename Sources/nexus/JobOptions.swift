import ArgumentParser
import Jobs
import NexusConfiguration
import ProcessManagers

/// How a process runs background jobs (`serve`, `dev`, `worker`): the worker's limits, the
/// payment deadline and webhook delivery.
struct JobOptions: ParsableArguments {
    @OptionGroup var webhooks: WebhookOptions

    @Option(name: .customLong("job-concurrency"), help: "Jobs run at once by this process (env NEXUS_JOB_CONCURRENCY; default 4).")
    var concurrency = NexusSettings.current.jobConcurrency ?? JobWorkerConfiguration().concurrency

    @Option(
        name: .customLong("order-payment-timeout"),
        help: "Cancel orders unpaid this long after they were placed, e.g. 30m, 90s, 2h (env NEXUS_ORDER_PAYMENT_TIMEOUT; default 30m).")
    var paymentTimeout = NexusSettings.current.orderPaymentTimeout ?? "30m"

    @Option(
        name: .customLong("job-claim-lease"),
        help: "How long a claimed job stays claimed without its worker renewing it, e.g. 30s (env NEXUS_JOB_CLAIM_LEASE; default 30s).")
    var claimLease = NexusSettings.current.jobClaimLease ?? "30s"

    @Option(name: .customLong("job-poll-interval"), help: "How often due jobs are looked for, e.g. 1s (env NEXUS_JOB_POLL_INTERVAL; default 1s).")
    var pollInterval = NexusSettings.current.jobPollInterval ?? "1s"

    @Option(
        name: .customLong("job-retention"),
        help: "How long finished (done or dead) jobs are kept before workers delete them, e.g. 7d, 12h (env NEXUS_JOB_RETENTION; default 7d).")
    var retention = NexusSettings.current.jobRetention ?? "7d"

    func validate() throws {
        guard SettingLimits.jobConcurrency.contains(concurrency) else { throw ValidationError("--job-concurrency must be between 1 and 256") }
        _ = try workerConfiguration()
        _ = try paymentDeadline()
    }

    /// The worker's settings.
    func workerConfiguration() throws -> JobWorkerConfiguration {
        var configuration = JobWorkerConfiguration()
        configuration.concurrency = concurrency
        configuration.claimLease = try DurationText.parse(claimLease, option: "--job-claim-lease", range: SettingLimits.jobClaimLease)
        configuration.pollInterval = try DurationText.parse(pollInterval, option: "--job-poll-interval", range: SettingLimits.jobPollInterval)
        configuration.retention = try DurationText.parse(retention, option: "--job-retention", range: SettingLimits.jobRetention)
        return configuration
    }

    /// The payment deadline's settings.
    func paymentDeadline() throws -> PaymentDeadlineConfiguration {
        var configuration = PaymentDeadlineConfiguration()
        configuration.timeout = try DurationText.parse(
            paymentTimeout, option: "--order-payment-timeout", range: SettingLimits.orderPaymentTimeout)
        return configuration
    }
}
