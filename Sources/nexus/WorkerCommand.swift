import ArgumentParser
import Logging

/// `nexus worker`: background jobs (payment deadlines) until SIGTERM/SIGINT. Start any number:
/// they share the due jobs, and a stopped worker's jobs run again elsewhere.
struct WorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Run background jobs (payment deadlines) from the PostgreSQL job queue, until SIGTERM/SIGINT.",
        discussion: """
            Schedules a payment deadline for every OrderPlaced read from Kafka (consumer group \
            nexus-payment-deadlines) and cancels orders still unpaid when it is due. Jobs are \
            claimed with FOR UPDATE SKIP LOCKED, so any number of workers share them. \
            On SIGTERM the worker stops claiming and finishes the jobs it runs. \
            Webhook secrets are sealed under NEXUS_MASTER_KEY, so the worker needs the same keys \
            as the API (NEXUS_MASTER_KEY, NEXUS_EMAIL_LOOKUP_SECRET; --dev uses the development keys).
            """
    )

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var kafka: KafkaOptions
    @OptionGroup var jobs: JobOptions
    @OptionGroup var ops: OpsPortOption

    @Flag(help: "Use the development keys (as `nexus serve --dev` and `nexus dev` do) instead of NEXUS_MASTER_KEY.")
    var dev = false

    func run() async throws {
        let logger = Logger(label: "nexus.worker")
        PrometheusMetrics.bootstrap()
        let nexus = try NexusServices(
            database: database, kafka: kafka, runsRelay: false, runsProjections: false, jobs: jobs,
            privacy: try PrivacySettings.required(development: dev), webhooks: try jobs.webhooks.configuration(), logger: logger)
        try await nexus.run(opsPort: ops.port)
    }
}
