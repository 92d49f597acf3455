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

    /// The most rows one round of ``sealSecrets()`` reads.
    static let sealingPage = 1000

    let client: PostgresClient
    let secrets: WebhookSecretBox?
    let logger: Logger

    /// A store over `client`'s database (migrated with ``WebhookSchema`` and the job queue's
    /// schema); without `secrets` (no master key), webhooks can be listed and managed but neither
    /// registered nor signed for.
    public init(client: PostgresClient, secrets: WebhookSecretBox?, logger: Logger) {
        self.client = client
        self.secrets = secrets
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
        let box = try requireSecrets()
        let sealed = try box.seal(secret, webhook: id)
        let created = try await client.withRows(
            """
            INSERT INTO webhooks (id, url, event_types, sealed_secret, master_key_id)
            VALUES (\(id), \(target), \(types), \(sealed), \(box.currentKeyID)) RETURNING created_at
            """,
            logger: logger
        ) { rows -> Date in
            for try await date in rows.decode(Date.self) { return date }
            return Date()
        }
        return (Webhook(id: id, url: target, eventTypes: types, enabled: true, createdAt: created), secret)
    }

    /// Every webhook, oldest first.
    public func list() async throws -> [Webhook] {
        try await webhooks("SELECT id, url, event_types, enabled, created_at FROM webhooks ORDER BY created_at, id")
    }

    /// The enabled webhooks that want `eventType`.
    public func subscribers(of eventType: String) async throws -> [Webhook] {
        try await webhooks("SELECT id, url, event_types, enabled, created_at FROM webhooks WHERE enabled AND \(eventType) = ANY(event_types)")
    }

    /// One webhook.
    public func webhook(_ id: UUID) async throws -> Webhook? {
        try await webhooks("SELECT id, url, event_types, enabled, created_at FROM webhooks WHERE id = \(id)").first
    }

    /// One webhook with its secret, opened (or as stored in clear by a row from before secrets were sealed).
    func webhookWithSecret(_ id: UUID) async throws -> (Webhook, String)? {
        guard let webhook = try await webhook(id), let stored = try await storedSecrets("SELECT id, secret, sealed_secret, master_key_id FROM webhooks WHERE id = \(id)").first else { return nil }
        return (webhook, try open(stored))
    }

    private func webhooks(_ query: PostgresQuery) async throws -> [Webhook] {
        try await client.withRows(query, logger: logger) { rows in
            var found: [Webhook] = []
            for try await (id, url, types, enabled, created) in rows.decode((UUID, String, [String], Bool, Date).self) {
                found.append(Webhook(id: id, url: url, eventTypes: types, enabled: enabled, createdAt: created))
            }
            return found
        }
    }

    /// A secret as the table holds it: in clear (rows from before sealing) or sealed under a master key.
    struct StoredSecret: Sendable {
        var id: UUID
        var clear: String?
        var sealed: Data?
        var masterKeyID: String?
    }

    /// The secrets `query` selects (`id, secret, sealed_secret, master_key_id`).
    private func storedSecrets(_ query: PostgresQuery) async throws -> [StoredSecret] {
        try await client.withRows(query, logger: logger) { rows in
            var found: [StoredSecret] = []
            for try await (id, clear, sealed, keyID) in rows.decode((UUID, String?, Data?, String?).self) {
                found.append(StoredSecret(id: id, clear: clear, sealed: sealed, masterKeyID: keyID))
            }
            return found
        }
    }

    private func open(_ stored: StoredSecret) throws(WebhookError) -> String {
        if let clear = stored.clear { return clear }
        guard let sealed = stored.sealed, let keyID = stored.masterKeyID else {
            throw WebhookError(.secretUnavailable, "the webhook has no stored secret")
        }
        return try requireSecrets().open(sealed, keyID: keyID, webhook: stored.id)
    }

    private func requireSecrets() throws(WebhookError) -> WebhookSecretBox {
        guard let secrets else { throw WebhookError(.secretUnavailable, "no master key is configured to seal or open webhook secrets") }
        return secrets
    }

    /// Seals, under the current master key, every secret stored in clear (rows registered before
    /// secrets were sealed) or sealed under another master key (after a rotation; the old key must
    /// be among the previous ones). A row changed meanwhile is left to the next run; safe to run
    /// in several processes at once and again. Answers how many were sealed.
    public func sealSecrets() async throws -> Int {
        let box = try requireSecrets()
        var after = UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))
        var sealed = 0
        while true {
            let page = try await storedSecrets(
                """
                SELECT id, secret, sealed_secret, master_key_id FROM webhooks
                 WHERE (secret IS NOT NULL OR master_key_id <> \(box.currentKeyID)) AND id > \(after)
                 ORDER BY id LIMIT \(Self.sealingPage)
                """)
            guard let last = page.last else { return sealed }
            for stored in page {
                let resealed = try box.seal(try open(stored), webhook: stored.id)
                sealed += Int(try await client.firstInt64(
                    """
                    WITH changed AS (
                        UPDATE webhooks SET secret = NULL, sealed_secret = \(resealed), master_key_id = \(box.currentKeyID)
                         WHERE id = \(stored.id) AND secret IS NOT DISTINCT FROM \(stored.clear)
                           AND master_key_id IS NOT DISTINCT FROM \(stored.masterKeyID) RETURNING 1)
                    SELECT count(*) FROM changed
                    """, logger: logger))
            }
            after = last.id
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

    /// Sends a dead delivery again with a fresh retry schedule (the first try due now, then the
    /// back-off and number of tries of a new delivery). Answers false when no dead delivery has that id.
    public func retry(delivery id: Int64) async throws -> Bool {
        try await JobQueue(client: client, logger: logger).retryDead(id: id, kind: WebhookConfiguration.kindName)
    }
}
