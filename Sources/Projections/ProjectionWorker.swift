import EventStore
import Foundation
public import Kafka
public import Logging
public import PostgresNIO
public import ServiceLifecycle
import Metrics
import NexusEvents

/// Live mode for one projection: a member of the projection's Kafka consumer group that applies
/// the messages fetched since its last transaction (up to the consumer's `maximumBatchSize`) in one
/// PostgreSQL transaction together with their offsets.
///
/// On assignment the consumer starts from the offsets saved in `read.projection_offsets`, so a
/// crash between apply and commit cannot lose or repeat a batch. A batch without any event the
/// projection handles costs no transaction: its offsets are saved with a later batch or within
/// ``skippedOffsetsInterval`` (see ``SkippedOffsets``). Events already applied (relay
/// duplicates, a rebalance handing a partition over mid-batch, a rebuild that got ahead) are
/// skipped by the per-stream version guard. Several workers of one projection share the
/// partitions (fetching and decoding in parallel); their transactions apply one at a time, each
/// locking the projection's generation row, so fix-ups across streams always see each other.
/// A batch that applied events announces what it changed to the read caches (``ReadCacheChange``,
/// `NOTIFY` in the same transaction) and tells ``ProjectionCommits`` after the commit.
///
/// A message that is not an event as the relay publishes it (another producer wrote to the
/// topic) is skipped, logged with its topic, partition and offset, and counted in
/// `nexus_projection_malformed_messages_total`, rather than stopping the worker on it forever:
/// the event store stays the source of truth, and a rebuild restores anything it carried.
public final class ProjectionWorker: Service, Sendable {
    let projection: any Projection
    let client: PostgresClient
    let consumerConfiguration: KafkaConsumerConfiguration
    let commits: ProjectionCommits?
    let logger: Logger
    let latencies: ProjectionLatencies

    /// The longest the offsets of batches without a handled event wait to be saved (1 s).
    static let skippedOffsetsInterval = Duration.seconds(1)

    /// - Parameters:
    ///   - projection: the read model to maintain.
    ///   - client: the database holding the `read` schema (must be migrated and running).
    ///   - consumerConfiguration: the Kafka settings; see ``consumerConfiguration(for:bootstrapServers:topics:)``.
    ///   - commits: told after each committed batch that applied events (wakes read-your-writes
    ///     queries served by this process).
    public init(
        projection: any Projection, client: PostgresClient, consumerConfiguration: KafkaConsumerConfiguration,
        commits: ProjectionCommits? = nil, logger: Logger
    ) {
        self.projection = projection
        self.client = client
        self.consumerConfiguration = consumerConfiguration
        self.commits = commits
        self.logger = logger
        self.latencies = ProjectionLatencies(projection: projection.name)
    }

    /// The consumer settings of `projection`'s group (`nexus-projection-<name>`) over `topics`.
    public static func consumerConfiguration(for projection: any Projection, bootstrapServers: String, topics: [String]) -> KafkaConsumerConfiguration {
        KafkaConsumerConfiguration(bootstrapServers: bootstrapServers, groupID: "nexus-projection-\(projection.name)", topics: topics)
    }

    /// The first wait before a failed worker starts again; doubles up to ``maximumRestartBackoff``.
    static let initialRestartBackoff = Duration.milliseconds(100)
    /// The longest wait between restarts (5 s).
    static let maximumRestartBackoff = Duration.seconds(5)

    /// Consumes and applies until graceful shutdown or cancellation. A failure (the database
    /// unreachable, a lost commit found, a Kafka error) is logged and counted in
    /// `nexus_projection_restarts_total`, and the worker starts again after a back-off, with a
    /// new consumer that resumes from the saved offsets: nothing fetched but not committed is
    /// lost, and the process keeps serving meanwhile (the projection's lag shows in `/ready`).
    public func run() async throws {
        var backoff = Self.initialRestartBackoff
        while true {
            let started = ContinuousClock.now
            do {
                return try await consume()
            } catch where !Task.isCancelled && !Task.isShuttingDownGracefully {
                if ContinuousClock.now - started > Self.maximumRestartBackoff { backoff = Self.initialRestartBackoff }
                Counter(label: "nexus_projection_restarts_total", dimensions: [("projection", projection.name)]).increment()
                logger.error("projection worker failed; restarting from the saved offsets", metadata: [
                    ProjectionLogKey.projection: "\(projection.name)", ProjectionLogKey.error: "\(error)",
                    ProjectionLogKey.backoff: "\(backoff)",
                ])
                let wait = backoff
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: wait) }
                if Task.isCancelled || Task.isShuttingDownGracefully { return }
                backoff = min(backoff * 2, Self.maximumRestartBackoff)
            }
        }
    }

    /// One consumer's life: joins the group, applies batches until the consumer ends (graceful
    /// shutdown) or anything fails.
    private func consume() async throws {
        _ = try await client.withConnection { connection in
            try await connection.onEventLoop { try await ProjectionGenerations(logger: logger).ensureServing(projection, on: connection) }
        }
        let offsets = KafkaOffsetStore(projection: projection.name, logger: logger)
        let committed = CommittedOffsets()
        let client = self.client
        let consumer = try KafkaConsumer(configuration: consumerConfiguration, logger: logger) { partitions in
            let saved = try await offsets.offsets(for: partitions, client: client)
            committed.assigned(partitions, saved: saved)
            return saved
        } partitionsRevoked: { partitions in
            committed.revoked(partitions)
        }
        let skipped = SkippedOffsets()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await consumer.run() }
            let saver = Task { await saveSkippedPeriodically(skipped, offsets: offsets, committed: committed, consumer: consumer) }
            defer { saver.cancel() }
            // Each batch is everything fetched since the last one (up to the consumer's
            // `maximumBatchSize`): a worker that falls behind catches up in a few large transactions.
            for try await batch in consumer.batches {
                try await apply(batch, offsets: offsets, skipped: skipped, committed: committed)
            }
            saver.cancel()
            await saver.value
            try await save(skipped.take(), offsets: offsets, committed: committed)
            try await group.waitForAll()
        }
    }

    /// Every ``skippedOffsetsInterval``: saves the offsets of batches without a handled event and
    /// checks the committed ones; lost commits stop the consumer with the error (the worker restarts).
    private func saveSkippedPeriodically(
        _ skipped: SkippedOffsets, offsets: KafkaOffsetStore, committed: CommittedOffsets, consumer: KafkaConsumer
    ) async {
        while (try? await Task.sleep(for: Self.skippedOffsetsInterval)) != nil {
            let next = skipped.take()
            do {
                try await save(next, offsets: offsets, committed: committed)
            } catch let error as ProjectionError where error.code == .savedOffsetsLost {
                return consumer.stop(throwing: error)
            } catch {
                skipped.add(next)
                logger.warning("could not save offsets", metadata: [
                    ProjectionLogKey.projection: "\(projection.name)", ProjectionLogKey.error: "\(error)",
                ])
            }
        }
    }

    /// Saves offsets outside any batch (those of batches without a handled event), after
    /// checking the committed ones. Commits asynchronously like the batches: offsets a crash
    /// takes back are found behind `committed` by the next save, and the worker restarts.
    private func save(_ next: [KafkaTopicPartition: Int64], offsets: KafkaOffsetStore, committed: CommittedOffsets) async throws {
        let checked = committed.current
        guard !next.isEmpty || !checked.isEmpty else { return }
        try await inTransaction { connection in
            try await connection.queryIfOpen("SET LOCAL synchronous_commit = off", logger: logger)
            try await offsets.save(next, checking: checked, on: connection)
        }
        committed.committed(next)
    }

    /// `body` in a transaction on a pooled connection, run on that connection's event loop, its
    /// statements sent only while the connection is open.
    private func inTransaction<Result: Sendable>(_ body: @Sendable (PostgresConnection) async throws -> Result) async throws -> Result {
        try await client.withConnection { connection in
            try await connection.onEventLoop {
                try await connection.inTransactionIfOpen(logger: logger) { try await body(connection) }
            }
        }
    }

    /// Whether `message` may carry an event of one of `types`. The others are not decoded (every
    /// projection reads every topic); a message whose `ce_type` does not parse is decoded, so that
    /// it fails as malformed.
    private static func mayCarry(_ message: KafkaMessage, oneOf types: Set<String>) -> Bool {
        guard let type = message.header(CloudEvents.Header.type) else { return true }
        let parts = type.split(separator: ".")
        guard parts.count == 4 else { return true }
        return types.contains(String(parts[2]))
    }

    /// Applies `batch` and saves its offsets (and those `skipped` holds), in one transaction that
    /// first checks the `committed` offsets are still saved; a batch without any message the
    /// projection may handle only adds its offsets to `skipped`.
    func apply(_ batch: [KafkaMessage], offsets: KafkaOffsetStore, skipped: SkippedOffsets, committed: CommittedOffsets) async throws {
        let taken = ContinuousClock.now
        let handled = projection.handledEventTypes
        var events: [RecordedEvent] = []
        var created: [Int64?] = []
        for message in batch where Self.mayCarry(message, oneOf: handled) {
            do {
                events.append(try RecordedEvent(kafkaMessage: message))
                created.append(message.createdAtMilliseconds)
            } catch {
                skipMalformed(error)
            }
        }
        latencies.taken(createdAtMilliseconds: created, at: Date())
        var batchOffsets: [KafkaTopicPartition: Int64] = [:]
        for message in batch {
            batchOffsets[message.topicPartition] = max(batchOffsets[message.topicPartition] ?? 0, message.offset + 1)
        }
        guard !events.isEmpty else { return skipped.add(batchOffsets) }
        let next = skipped.take(merging: batchOffsets)
        let applier = ProjectionApplier(projection: projection, logger: logger)
        let decoded = try ProjectionApplier.decode(events, types: projection.handledEventTypes)
        let name = projection.name
        let checked = committed.current
        let change = projection.cacheChange(of: decoded)
        let applied = try await inTransaction { connection in
            let (applied, versions) = try await applier.applyToServingGeneration(decoded, on: connection)
            try await offsets.save(next, checking: checked, appliedVersions: versions, announcing: applied > 0 ? change : .none, on: connection)
            return applied
        }
        committed.committed(next)
        latencies.committed(events.count, taken: taken)
        if applied > 0 { commits?.committed(name, changed: change) }
        logger.debug("applied batch", metadata: [
            ProjectionLogKey.projection: "\(name)", ProjectionLogKey.received: "\(batch.count)", ProjectionLogKey.applied: "\(applied)",
        ])
    }
}

extension ProjectionWorker {
    /// Logs and counts a message that could not be read as an event.
    func skipMalformed(_ error: ProjectionError) {
        Counter(label: "nexus_projection_malformed_messages_total", dimensions: [("projection", projection.name)]).increment()
        var metadata: Logger.Metadata = [ProjectionLogKey.projection: "\(projection.name)", ProjectionLogKey.error: "\(error.message)"]
        for (key, value) in error.context { metadata["nexus.kafka.\(key)"] = "\(value)" }
        logger.error("skipped a malformed message", metadata: metadata)
    }
}
