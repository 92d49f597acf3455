import EventStorePostgres
import Foundation
import HTTPAPI
import Jobs
import Kafka
import Logging
import NexusConfiguration
import PostgresNIO
import Privacy
import ProcessManagers
import Projections
import Relay
import ServiceLifecycle
import Webhooks

/// The long-running parts of one Nexus process, built for the roles it runs, in dependency
/// order (a `ServiceGroup` shuts them down in reverse: workers and relay before the producer,
/// the broker and the database client).
struct NexusServices {
    let client: PostgresClient
    let store: PostgresEventStore
    let broker: EmbeddedKafkaBroker?
    let relay: RelayService?
    let workers: [ProjectionWorker]
    /// Runs due jobs, when this process runs them.
    let jobWorker: JobWorker?
    /// Signalled by `workers` after each commit; wakes read-your-writes queries of this process.
    let commits: ProjectionCommits?
    /// The cache of single-resource reads, when this process serves queries with one.
    let readCache: ReadCache?
    let services: [any Service]
    /// The bootstrap servers in use (the embedded broker's address when it runs).
    let bootstrapServers: String
    let readinessLimits: ReadinessChecks.Limits
    /// How long database work waits (connections, queued appends); statements are bounded by the client's configuration.
    let deadlines: PostgresDeadlines
    /// Set when this process runs the embedded broker with both the relay and the workers.
    let embeddedBrokerRestart: EmbeddedBrokerRestart?
    /// Seals and reveals personal data (reveals nothing without configured keys).
    let vault: PersonalDataVault
    /// The personal-data keys, when this process has them.
    let privacyConfiguration: PrivacyConfiguration?
    /// Which webhook targets the admin endpoints accept.
    let webhookTargets: WebhookTargetPolicy
    let logger: Logger

    init(
        database: DatabaseOptions, kafka: KafkaOptions, runsRelay: Bool, runsProjections: Bool, jobs: JobOptions? = nil,
        projections: [any Projection] = ProjectionCatalog.all,
        relayConfiguration: RelayConfiguration = RelayConfiguration(),
        readinessLimits: ReadinessChecks.Limits = .init(), privacy: PrivacyConfiguration? = nil,
        webhooks: WebhookConfiguration = WebhookConfiguration(), readCacheEntries: Int = 0, logger: Logger
    ) throws {
        let client = PostgresClient(configuration: try database.serviceClientConfiguration(), backgroundLogger: logger)
        let store = PostgresEventStore(client: client, logger: logger)
        var services: [any Service] = [client, store]
        let readCache = readCacheEntries > 0 ? ReadCache(capacity: readCacheEntries) : nil
        if let readCache { services.append(ReadCacheListener(cache: readCache, client: client, logger: logger)) }
        let usesKafka = runsRelay || runsProjections || jobs != nil
        let broker = usesKafka ? try kafka.embeddedBroker(logger: logger) : nil
        if let broker { services.append(broker) }
        let bootstrap = try broker?.bootstrapServers ?? (usesKafka ? kafka.requiredBootstrap() : "")
        let clientProperties = usesKafka ? try kafka.clientProperties() : [:]
        var relay: RelayService?
        if runsRelay {
            var producerConfiguration = KafkaProducerConfiguration(bootstrapServers: bootstrap)
            producerConfiguration.properties = clientProperties
            let producer = try KafkaProducer(configuration: producerConfiguration, logger: logger)
            var configuration = relayConfiguration
            configuration.topicPrefix = kafka.topicPrefix
            let service = RelayService(store: store, producer: producer, configuration: configuration, logger: logger)
            services += [producer, service]
            relay = service
        }
        var workers: [ProjectionWorker] = []
        let commits = runsProjections ? ProjectionCommits(readCache: readCache) : nil
        if runsProjections {
            let topics = RelayTopics(prefix: kafka.topicPrefix)
            for projection in projections {
                var consumer = ProjectionWorker.consumerConfiguration(
                    for: projection, bootstrapServers: bootstrap, topics: topics.topics(carrying: projection.handledEventTypes))
                if broker != nil { consumer.useEmbeddedBrokerTimings() }
                consumer.properties = clientProperties
                workers.append(ProjectionWorker(
                    projection: projection, client: client, consumerConfiguration: consumer, commits: commits, logger: logger))
            }
            services += workers
        }
        var jobWorker: JobWorker?
        if let jobs {
            let queue = JobQueue(client: client, logger: logger)
            let deadline = try jobs.paymentDeadline()
            var consumer = PaymentDeadlineScheduler.consumerConfiguration(
                bootstrapServers: bootstrap, topics: RelayTopics(prefix: kafka.topicPrefix).topics(carrying: [PaymentDeadlineScheduler.eventType]),
                configuration: deadline)
            consumer.properties = clientProperties
            if broker != nil { consumer.useEmbeddedBrokerTimings() }
            let webhookStore = WebhookStore(client: client, secrets: privacy.map(WebhookSecretBox.init(keys:)), logger: logger)
            let sender = WebhookSender(configuration: webhooks)
            var webhookConsumer = WebhookDispatcher.consumerConfiguration(
                bootstrapServers: bootstrap, topics: RelayTopics(prefix: kafka.topicPrefix).allTopics, configuration: webhooks)
            webhookConsumer.properties = clientProperties
            if broker != nil { webhookConsumer.useEmbeddedBrokerTimings() }
            let worker = JobWorker(
                queue: queue,
                handlers: [
                    PaymentDeadlineHandler(commands: SystemCommands(store: store, logger: logger), configuration: deadline),
                    WebhookDeliveryHandler(store: webhookStore, sender: sender, configuration: webhooks),
                ],
                configuration: try jobs.workerConfiguration(), logger: logger)
            services += [
                PaymentDeadlineScheduler(queue: queue, consumerConfiguration: consumer, configuration: deadline, logger: logger),
                WebhookDispatcher(
                    queue: queue, store: webhookStore, consumerConfiguration: webhookConsumer, configuration: webhooks, logger: logger),
                worker,
            ]
            jobWorker = worker
        }
        self.client = client
        self.store = store
        self.broker = broker
        self.relay = relay
        self.workers = workers
        self.jobWorker = jobWorker
        self.commits = commits
        self.readCache = readCache
        self.services = services
        self.bootstrapServers = bootstrap
        self.readinessLimits = readinessLimits
        self.deadlines = database.deadlines
        self.embeddedBrokerRestart = broker != nil && runsRelay && runsProjections
            ? EmbeddedBrokerRestart(
                topics: RelayTopics(prefix: kafka.topicPrefix).allTopics, checkpointName: relayConfiguration.checkpointName, logger: logger)
            : nil
        self.privacyConfiguration = privacy
        self.webhookTargets = webhooks.targets
        self.vault = PersonalDataVault(client: client, configuration: privacy, logger: logger)
        self.logger = logger
    }

    /// What the command API needs to keep secrets and personal data out of the log.
    func privacyServices() throws -> PrivacyServices {
        guard let privacyConfiguration else { throw CommandFailure("no personal-data keys are configured") }
        return PrivacyServices(client: client, configuration: privacyConfiguration, logger: logger)
    }

    /// Before the services run: with the embedded broker (empty at every start), lets the relay
    /// publish again what the projections may lack (see ``EmbeddedBrokerRestart``).
    func prepareEmbeddedBroker(database: DatabaseOptions) async throws {
        guard let embeddedBrokerRestart else { return }
        try await withDeadlines {
            try await PostgresDeadlines.whileStartingUp {
                try await database.withClient(logger: logger) { try await embeddedBrokerRestart.prepare(client: $0) }
            }
        }
    }

    /// Runs `body` (the services) with this process's database deadlines in force.
    func withDeadlines<Result>(_ body: () async throws -> Result) async throws -> Result {
        try await PostgresDeadlines.$current.withValue(deadlines, operation: body)
    }

    /// Runs the services until SIGTERM/SIGINT; with `opsPort`, behind an HTTP server answering
    /// `/health`, `/ready` and `/metrics` there (no commands, no queries).
    func run(opsPort: Int?) async throws {
        try await withDeadlines { try await runServices(opsPort: opsPort) }
    }

    private func runServices(opsPort: Int?) async throws {
        guard let opsPort else {
            let group = ServiceGroup(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
            return try await group.run()
        }
        let host = NexusSettings.current.httpHost ?? "127.0.0.1"
        try await opsServer(host: host, port: opsPort, services: services).application.runService()
    }

    /// An HTTP server answering only `/health`, `/ready` and `/metrics` (open: the ops port is
    /// meant for the operators' network), running `services` with it.
    func opsServer(host: String, port: Int, services: [any Service] = []) async throws -> NexusAPI {
        // No tokens are issued or accepted for anything here; the key only satisfies the type.
        var configuration = HTTPServerConfiguration(jwtSecret: UUID().uuidString + UUID().uuidString)
        configuration.host = host
        configuration.port = port
        configuration.servesCommands = false
        return try await NexusAPI.build(
            configuration: configuration, store: store, privacy: nil, services: services, modules: [operationsModule], logger: logger)
    }

    /// The routes besides the commands: the queries, the auditor console, the webhooks and, if `withOperations`, `/ready` and `/metrics`.
    func routeModules(withOperations: Bool) -> [RouteModule] {
        let store = self.store
        let queries = QueryAPI(
            client: client, store: store, vault: vault, configuration: QueryConfiguration(), commits: commits, readCache: readCache,
            committedHere: { store.highestCommittedPosition }, logger: logger)
        let modules = [
            queries.module(), AuditorConsole(store: store, queries: queries, logger: logger).module(),
            WebhookAPI(client: client, policy: webhookTargets, secrets: privacyConfiguration.map(WebhookSecretBox.init(keys:)), logger: logger).module(),
        ]
        return withOperations ? modules + [operationsModule] : modules
    }

    /// `/ready` and `/metrics` for this process.
    var operationsModule: RouteModule {
        let watermarks = ProjectionWatermarks()
        let checks = ReadinessChecks(
            client: client, store: store, relay: relay, limits: readinessLimits, watermarks: watermarks, logger: logger)
        let projectionLag = ProjectionLagMetrics(client: client, watermarks: watermarks, logger: logger)
        let jobs = JobQueueMetrics(
            queue: JobQueue(client: client, logger: logger), kinds: [PaymentDeadlineConfiguration.kind.name, WebhookConfiguration.kindName], logger: logger)
        return OperationsRoutes.module(readiness: { await checks.run() }) {
            await projectionLag.refresh()
            await jobs.refresh()
            return PrometheusMetrics.text()
        }
    }
}
