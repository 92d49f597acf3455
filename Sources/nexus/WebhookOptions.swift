import ArgumentParser
import Foundation
import Jobs
import NexusConfiguration
import Webhooks

/// Webhook targets and delivery (`serve`, `dev`, `worker`): which hosts may receive webhooks,
/// timeouts and the retry schedule.
struct WebhookOptions: ParsableArguments {
    @Option(
        name: .customLong("webhook-allowed-hosts"),
        help: "Comma-separated host names webhooks may target (env NEXUS_WEBHOOK_ALLOWED_HOSTS; default none: no webhook can be registered).")
    var allowedHosts = NexusSettings.current.webhookAllowedHosts ?? ""

    @Option(
        name: .customLong("webhook-allow-private-addresses"),
        help: "Whether targets may resolve to private, loopback or link-local addresses (env NEXUS_WEBHOOK_ALLOW_PRIVATE_ADDRESSES; default false).")
    var allowPrivateAddresses = String(NexusSettings.current.webhookAllowPrivateAddresses ?? false)

    @Option(name: .customLong("webhook-timeout"), help: "How long a delivery waits for the receiver, e.g. 10s (env NEXUS_WEBHOOK_TIMEOUT; default 10s).")
    var timeout = NexusSettings.current.webhookTimeout ?? "10s"

    @Option(name: .customLong("webhook-max-attempts"), help: "Tries of a delivery before it is dead (env NEXUS_WEBHOOK_MAX_ATTEMPTS; default 12).")
    var maximumAttempts = NexusSettings.current.webhookMaximumAttempts ?? WebhookConfiguration().retry.maximumAttempts

    @Option(name: .customLong("webhook-retry-base"), help: "The wait after a delivery's first failed try, doubling after each (env NEXUS_WEBHOOK_RETRY_BASE; default 1m).")
    var retryBase = NexusSettings.current.webhookRetryBase ?? "1m"

    @Option(name: .customLong("webhook-retry-max"), help: "The longest wait between tries of a delivery (env NEXUS_WEBHOOK_RETRY_MAX; default 4h).")
    var retryMaximum = NexusSettings.current.webhookRetryMaximum ?? "4h"

    func validate() throws {
        _ = try configuration()
    }

    /// The settings.
    func configuration() throws -> WebhookConfiguration {
        var configuration = WebhookConfiguration()
        let hosts = allowedHosts.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard hosts.allSatisfy({ $0.utf8.count <= 253 && $0.utf8.allSatisfy { (0x21...0x7E).contains($0) } }) else {
            throw ValidationError("--webhook-allowed-hosts must be host names separated by commas")
        }
        guard let allowsPrivate = Bool(allowPrivateAddresses) else {
            throw ValidationError("--webhook-allow-private-addresses must be true or false")
        }
        guard SettingLimits.webhookAttempts.contains(maximumAttempts) else { throw ValidationError("--webhook-max-attempts must be between 1 and 100") }
        configuration.targets = WebhookTargetPolicy(allowedHosts: Set(hosts), allowsPrivateAddresses: allowsPrivate)
        configuration.timeout = try DurationText.parse(timeout, option: "--webhook-timeout", range: SettingLimits.webhookTimeout)
        configuration.retry = RetryPolicy(
            maximumAttempts: maximumAttempts,
            baseDelay: try DurationText.parse(retryBase, option: "--webhook-retry-base", range: SettingLimits.webhookRetryBase),
            maximumDelay: try DurationText.parse(retryMaximum, option: "--webhook-retry-max", range: SettingLimits.webhookRetryMaximum))
        return configuration
    }
}
