import EventStore
public import EventStorePostgres
public import Kafka
public import Logging
public import PostgresNIO
import NexusConcurrency
import Privacy
public import ServiceLifecycle
import Synchronization

/// Publishes every event of the store to Kafka, in commit order, at least once.
///
/// Only one relay publishes at a time: the active instance holds a session-level PostgreSQL
/// advisory lock on a dedicated connection; others wait as hot standbys and take over when the
/// lock is released (the holder stopped, or its connection died with its process). The active
/// relay is woken by its own store's commits at once, by `NOTIFY nexus_events` for appends of
/// other processes, and also polls every `pollInterval`. When the broker is down it retries
/// with exponential back-off; `status()` and the metrics report the lag. Its checkpoint is bound
/// to the Kafka cluster it publishes to (``RelayCheckpoint``): connected to another cluster, the
/// relay stops with ``RelayClusterMismatch`` instead of publishing.
public final class RelayService: Service, Sendable {
    private let store: PostgresEventStore
    private let client: PostgresClient
    private let producer: KafkaProducer
    private let configuration: RelayConfiguration
    private let logger: Logger
    private let state = RelayState()
    private let wake = WakeSignal()
    private let stopping = Atomic<Bool>(false)

    /// Creates a relay reading `store` and publishing through `producer` (run both as services).
    /// The publisher lock, notifications and checkpoint use `client` (default: the store's client).
    public init(
        store: PostgresEventStore,
        producer: KafkaProducer,
        client: PostgresClient? = nil,
        configuration: RelayConfiguration = .init(),
        logger: Logger
    ) {
        self.store = store
        self.client = client ?? store.client
        self.producer = producer
        self.configuration = configuration
        self.logger = logger
    }

    /// The relay's role, checkpoint and lag right now.
    public func status() -> RelayStatus {
        state.current
    }

    /// Waits for the publisher lock, then publishes until graceful shutdown (in-flight batches
    /// are acknowledged and checkpointed first) or cancellation.
    public func run() async throws {
        state.update { $0.role = .standby }
        defer { state.update { $0.role = .stopped } }
        try await withGracefulShutdownHandler {
            try await electAndPublish()
        } onGracefulShutdown: {
            self.stopping.store(true, ordering: .relaxed)
            self.wake.signal()
        }
    }

    private var isStopping: Bool { stopping.load(ordering: .relaxed) }

    /// Retries whole leadership terms until asked to stop; a broken connection means a new term.
    private func electAndPublish() async throws {
        while !isStopping {
            do {
                try await client.withConnection { connection in
                    try await self.holdLockAndPublish(on: connection)
                }
            } catch let error where !(error is CancellationError) && !(error is RelayClusterMismatch) && !Task.isCancelled && !isStopping {
                state.failed(error)
                logger.warning("relay lost its database connection; retrying", metadata: [RelayLogMetadata.error: "\(error)"])
                try await Task.sleep(for: configuration.standbyRetryInterval)
            }
        }
    }

    /// Waits for the lock until it is ours, publishes, and always closes the connection afterwards
    /// so the session lock is released even if the unlock could not be sent.
    private func holdLockAndPublish(on connection: PostgresConnection) async throws {
        do {
            try await setLockTimeout(configuration.standbyLockWait, on: connection)
            var announced = false
            while !isStopping {
                if try await waitForLock(on: connection) {
                    try await setLockTimeout(nil, on: connection)
                    try await publishWhileLeader(on: connection)
                    break
                }
                if !announced { logger.info("relay is standby, waiting for the publisher lock") }
                announced = true
                state.update { $0.role = .standby }
            }
        } catch {
            try? await connection.close()
            throw error
        }
        try? await connection.close()
    }

    /// Queues for the lock for at most the session's `lock_timeout`: PostgreSQL grants it the
    /// moment the holder's session ends, so a standby takes over without waiting for a retry.
    private func waitForLock(on connection: PostgresConnection) async throws -> Bool {
        do {
            let rows = try await connection.queryUnlessClosed("SELECT pg_advisory_lock(\(configuration.advisoryLockKey))", logger: logger)
            for try await _ in rows {}
            return true
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == Self.lockNotAvailable {
            return false
        }
    }

    /// SQLSTATE `lock_not_available`: `lock_timeout` ran out.
    private static let lockNotAvailable = "55P03"

    /// Sets the session's `lock_timeout` (`nil`: no limit, the default for the publishing statements).
    private func setLockTimeout(_ timeout: Duration?, on connection: PostgresConnection) async throws {
        let value = timeout.map { "\(max(1, $0.components.seconds * 1000 + $0.components.attoseconds / 1_000_000_000_000_000))ms" } ?? "0"
        let rows = try await connection.queryUnlessClosed("SELECT set_config('lock_timeout', \(value), false)", logger: logger)
        for try await _ in rows {}
    }

    private func publishWhileLeader(on connection: PostgresConnection) async throws {
        logger.info("relay is active")
        try await connection.listen(on: EventStoreSchema.notificationChannel) { notifications in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    for try await _ in notifications { self.wake.signal() }
                }
                defer { group.cancelAll() }
                // Appends of this process wake the relay at once; NOTIFY (sent at most every
                // few milliseconds) brings those of other processes.
                // The loop reads and saves checkpoints on `connection`: it runs on the connection's
                // event loop, so each statement's answer resumes it without a thread hop.
                try await store.observingCommits({ self.wake.signal() }) {
                    try await connection.onEventLoop { try await publishLoop(on: connection) }
                }
            }
        }
    }

    private func publishLoop(on connection: PostgresConnection) async throws {
        let bound = RelayCheckpoint(name: configuration.checkpointName, clusterID: try await producer.clusterID(), logger: logger)
        let publisher = RelayPublisher(
            store: store, producer: producer,
            encoder: CloudEventEncoder(topics: RelayTopics(prefix: configuration.topicPrefix), source: configuration.source),
            vault: PersonalDataVault(client: client, configuration: nil, logger: logger), configuration: configuration, checkpoint: bound,
            state: state, logger: logger
        )
        var checkpoint = try await bound.bind(on: connection)
        state.update {
            $0.role = .active
            $0.checkpoint = checkpoint
        }
        var backoff = configuration.initialBackoff
        var headRead: ContinuousClock.Instant?
        while !isStopping {
            let round = try await publisher.catchUp(from: checkpoint, on: connection, wake: wake) { self.isStopping }
            checkpoint = round.checkpoint
            // The head only feeds the reported lag: read it at most every `headRefreshInterval`
            // rather than once more per round (a round per commit, under load).
            if headRead.map({ ContinuousClock.now - $0 >= Self.headRefreshInterval }) ?? true {
                try await refreshHead()
                headRead = .now
            }
            if let failure = round.failure {
                state.failed(failure)
                logger.warning(
                    "publish failed; retrying after back-off",
                    metadata: [RelayLogMetadata.error: "\(failure)", RelayLogMetadata.checkpoint: "\(checkpoint)", RelayLogMetadata.backoff: "\(backoff)"]
                )
                try await Task.sleep(for: backoff)
                backoff = min(backoff * 2, configuration.maximumBackoff)
            } else {
                backoff = configuration.initialBackoff
                await wake.wait(upTo: configuration.pollInterval)
            }
        }
    }

    /// How often an active relay reads the log's head for its lag (100 ms).
    static let headRefreshInterval = Duration.milliseconds(100)

    private func refreshHead() async throws {
        let head = try await store.headPosition()
        state.update { $0.headPosition = max($0.headPosition, head) }
    }
}
