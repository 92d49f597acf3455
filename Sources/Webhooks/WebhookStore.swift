import EventStorePostgres
public import Foundation
import Jobs
public import Logging
import NexusEvents
public import PostgresNIO

/// The registered webhooks (table `webhooks`) and their deliveries (jobs in the job queue).
public struct WebhookStore: Sendable {
    /// The most deliveries listed.
    public static let deliveriesListed = 100

    let client: PostgresClient
    let logger: Logger

    /// A store over `client`'s database (migrated with ``WebhookSchema`` and the job queue's schema).
    public init(client: PostgresClient, logger: Logger) {
        self.client = client
        self.logger = logger
    }

    /// The event types a webhook may name: those of the event contract.
    public static let knownEventTypes: Set<String> = Set(EventContract.payloadTypes.map { $0.eventType })

    /// Checks event types: 1…100 distinct types of the contract.
    public static func checkEventTypes(_ types: [String]) throws(WebhookError) -> [String] {
        let unique = Array(Set(types)).sorted()
        guard !unique.isEmpty, types.count <= WebhookLimits.maximumEventTypes else {
            throw WebhookError(.invalidEventTypes, "a webhook names 1…\(WebhookLimits.maximumEventTypes) event types")
        }
        if let unknown = unique.first(where: { !knownEventTypes.contains($0) }) {
            throw WebhookError(.invalidEventTypes, "\(unknown.prefix(100).debugDescription) is not an event type")
        }
        return unique
    }

    /// Registers a webhook with a new secret; answers it and the secret (shown once).
    public func register(url: String, eventTypes: [String], policy: WebhookTargetPolicy) async throws -> (Webhook, secret: String) {
        let target = try policy.check(url).absoluteString
        let types = try Self.checkEventTypes(eventTypes)
        let id = UUID()
        let secret = WebhookSignature.newSecret()
        let created = try await client.withRows(
            "INSERT INTO webhooks (id, url, event_types, secret) VALUES (\(id), \(target), \(types), \(secret)) RETURNING created_at",
            logger: logger
        ) { rows -> Date in
            for try await date in rows.decode(Date.self) { return date }
            return Date()
        }
        return (Webhook(id: id, url: target, eventTypes: types, enabled: true, createdAt: created), secret)
    }

    /// Every webhook, oldest first.
    public func list() async throws -> [Webhook] {
        try await webhooks("SELECT id, url, event_types, enabled, created_at, secret FROM webhooks ORDER BY created_at, id").map(\.0)
    }

    /// The enabled webhooks that want `eventType`, with their secrets.
    public func subscribers(of eventType: String) async throws -> [Webhook] {
        try await webhooks(
            "SELECT id, url, event_types, enabled, created_at, secret FROM webhooks WHERE enabled AND \(eventType) = ANY(event_types)"
        ).map(\.0)
    }

    /// One webhook with its secret.
    func webhookWithSecret(_ id: UUID) async throws -> (Webhook, String)? {
        try await webhooks("SELECT id, url, event_types, enabled, created_at, secret FROM webhooks WHERE id = \(id)").first
    }

    /// One webhook.
    public func webhook(_ id: UUID) async throws -> Webhook? {
        try await webhookWithSecret(id)?.0
    }

    private func webhooks(_ query: PostgresQuery) async throws -> [(Webhook, String)] {
        try await client.withRows(query, logger: logger) { rows in
            var found: [(Webhook, String)] = []
            for try await (id, url, types, enabled, created, secret) in rows.decode((UUID, String, [String], Bool, Date, String).self) {
                found.append((Webhook(id: id, url: url, eventTypes: types, enabled: enabled, createdAt: created), secret))
            }
            return found
        }
    }

    /// Enables or disables a webhook; answers it, or nil when there is none.
    public func setEnabled(_ id: UUID, _ enabled: Bool) async throws -> Webhook? {
        try await client.withRows("UPDATE webhooks SET enabled = \(enabled) WHERE id = \(id) RETURNING id", logger: logger) { rows in
            for try await _ in rows {}
        }
        return try await webhook(id)
    }

    /// Deletes a webhook (its pending deliveries end as unnecessary); answers whether it existed.
    public func delete(_ id: UUID) async throws -> Bool {
        try await client.firstInt64("WITH gone AS (DELETE FROM webhooks WHERE id = \(id) RETURNING 1) SELECT count(*) FROM gone", logger: logger) > 0
    }

    /// The latest deliveries to a webhook, newest first.
    public func deliveries(_ id: UUID) async throws -> [WebhookDeliveryStatus] {
        try await client.withRows(
            """
            SELECT id, payload->>'eventId', state, attempts, max_attempts, last_error,
                   CASE WHEN state = 'scheduled' THEN due_at END, finished_at
              FROM jobs WHERE kind = \(WebhookConfiguration.kindName) AND payload->>'webhookId' = \(id.uuidString)
             ORDER BY id DESC LIMIT \(Self.deliveriesListed)
            """, logger: logger
        ) { rows in
            var found: [WebhookDeliveryStatus] = []
            for try await (id, event, state, tries, maximum, error, due, finished) in rows.decode(
                (Int64, String, String, Int32, Int32, String?, Date?, Date?).self)
            {
                found.append(WebhookDeliveryStatus(
                    id: id, eventId: event, state: state, tries: Int(tries), maximumTries: Int(maximum), lastError: error,
                    nextDueAt: due, finishedAt: finished))
            }
            return found
        }
    }

    /// Sends a dead delivery again: one more try, due now. Answers false when no dead delivery has that id.
    public func retry(delivery id: Int64) async throws -> Bool {
        try await JobQueue(client: client, logger: logger).retryDead(id: id, kind: WebhookConfiguration.kindName)
    }
}
