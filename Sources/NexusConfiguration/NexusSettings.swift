/// Every setting Nexus reads from the environment or the configuration file, typed and checked
/// once at start-up (README.md, Configuration, lists them with their defaults).
///
/// `nil` means not configured: the command's documented default applies, and a command-line
/// option, where there is one, wins over the value here. Secrets are ``Secret``s, so describing
/// the settings (`"\(settings)"`, `dump`) never shows one.
public struct NexusSettings: Sendable {
    // MARK: PostgreSQL
    /// `NEXUS_DATABASE_URL`.
    public var databaseURL: Secret?
    /// `NEXUS_DB_CONNECTION_WAIT_MS`.
    public var databaseConnectionWaitMilliseconds: Int?
    /// `NEXUS_DB_STATEMENT_TIMEOUT_MS`.
    public var databaseStatementTimeoutMilliseconds: Int?
    /// `NEXUS_DB_STARTUP_WAIT_MS`.
    public var databaseStartupWaitMilliseconds: Int?

    // MARK: Kafka
    /// `NEXUS_KAFKA_BOOTSTRAP`.
    public var kafkaBootstrap: String?
    /// `NEXUS_TOPIC_PREFIX`.
    public var topicPrefix: String?
    /// `NEXUS_KAFKA_PROPERTIES` (may hold SASL passwords).
    public var kafkaProperties: Secret?
    /// `NEXUS_KAFKA_PROPERTIES_FILE`.
    public var kafkaPropertiesFile: String?
    /// `NEXUS_CE_SOURCE`.
    public var cloudEventsSource: String?

    // MARK: HTTP
    /// `NEXUS_JWT_SECRET`.
    public var jwtSecret: Secret?
    /// `NEXUS_HTTP_HOST`.
    public var httpHost: String?
    /// `NEXUS_HTTP_PORT`.
    public var httpPort: Int?
    /// `NEXUS_OPS_PORT`.
    public var opsPort: Int?
    /// `NEXUS_OPS_TOKEN`.
    public var opsToken: Secret?
    /// `NEXUS_TLS_CERT_FILE`.
    public var tlsCertificateFile: String?
    /// `NEXUS_TLS_KEY_FILE` (the path; the key in it is read only by the TLS set-up).
    public var tlsKeyFile: String?
    /// `NEXUS_DOCS_ASSETS_DIR`.
    public var docsAssetsDirectory: String?
    /// `NEXUS_CORS_ALLOWED_ORIGINS`.
    public var corsAllowedOrigins: String?
    /// `NEXUS_BOOTSTRAP_ADMIN_EMAIL`.
    public var bootstrapAdminEmail: String?
    /// `NEXUS_BOOTSTRAP_ADMIN_PASSWORD`.
    public var bootstrapAdminPassword: Secret?
    /// `NEXUS_READY_MAX_RELAY_LAG`.
    public var readyMaximumRelayLag: Int?
    /// `NEXUS_READY_MAX_PROJECTION_LAG`.
    public var readyMaximumProjectionLag: Int?
    /// `NEXUS_READ_CACHE_ENTRIES`.
    public var readCacheEntries: Int?

    // MARK: Jobs and webhooks (duration texts already checked against their ranges)
    /// `NEXUS_ORDER_PAYMENT_TIMEOUT`.
    public var orderPaymentTimeout: String?
    /// `NEXUS_JOB_CONCURRENCY`.
    public var jobConcurrency: Int?
    /// `NEXUS_JOB_CLAIM_LEASE`.
    public var jobClaimLease: String?
    /// `NEXUS_JOB_POLL_INTERVAL`.
    public var jobPollInterval: String?
    /// `NEXUS_JOB_RETENTION`.
    public var jobRetention: String?
    /// `NEXUS_WEBHOOK_ALLOWED_HOSTS`.
    public var webhookAllowedHosts: String?
    /// `NEXUS_WEBHOOK_ALLOW_PRIVATE_ADDRESSES`.
    public var webhookAllowPrivateAddresses: Bool?
    /// `NEXUS_WEBHOOK_TIMEOUT`.
    public var webhookTimeout: String?
    /// `NEXUS_WEBHOOK_MAX_ATTEMPTS`.
    public var webhookMaximumAttempts: Int?
    /// `NEXUS_WEBHOOK_RETRY_BASE`.
    public var webhookRetryBase: String?
    /// `NEXUS_WEBHOOK_RETRY_MAX`.
    public var webhookRetryMaximum: String?

    // MARK: Development
    /// `NEXUS_LOG_LEVEL` (`nexus dev`).
    public var logLevel: String?
    /// `NEXUS_BCRYPT_COST` (`nexus dev`).
    public var bcryptCost: Int?
    /// `NEXUS_SIMULATE_ADMIN_PASSWORD` (`nexus simulate`).
    public var simulateAdminPassword: Secret?

    // MARK: Personal data keys
    /// `NEXUS_MASTER_KEY`.
    public var masterKey: Secret?
    /// `NEXUS_MASTER_KEY_FILE`.
    public var masterKeyFile: String?
    /// `NEXUS_PREVIOUS_MASTER_KEYS`.
    public var previousMasterKeys: Secret?
    /// `NEXUS_EMAIL_LOOKUP_SECRET`.
    public var emailLookupSecret: Secret?
    /// `NEXUS_EMAIL_LOOKUP_SECRET_FILE`.
    public var emailLookupSecretFile: String?

    /// Nothing configured.
    public init() {}

    /// The settings of `environment` and of the configuration file it names.
    /// - Throws: ``ConfigurationError`` naming the first setting that is not valid.
    public init(environment: [String: String]) async throws(ConfigurationError) {
        let read = try await SettingsReader(environment: environment)
        databaseURL = try await read.secret("NEXUS_DATABASE_URL")
        databaseConnectionWaitMilliseconds = try await read.int("NEXUS_DB_CONNECTION_WAIT_MS", in: SettingLimits.databaseMilliseconds)
        databaseStatementTimeoutMilliseconds = try await read.int("NEXUS_DB_STATEMENT_TIMEOUT_MS", in: SettingLimits.databaseMilliseconds)
        databaseStartupWaitMilliseconds = try await read.int("NEXUS_DB_STARTUP_WAIT_MS", in: SettingLimits.databaseMilliseconds)

        kafkaBootstrap = try await read.string("NEXUS_KAFKA_BOOTSTRAP")
        topicPrefix = try await read.string("NEXUS_TOPIC_PREFIX")
        kafkaProperties = try await read.secret("NEXUS_KAFKA_PROPERTIES")
        kafkaPropertiesFile = try await read.string("NEXUS_KAFKA_PROPERTIES_FILE")
        cloudEventsSource = try await read.string("NEXUS_CE_SOURCE")

        jwtSecret = try await read.secret("NEXUS_JWT_SECRET")
        httpHost = try await read.string("NEXUS_HTTP_HOST")
        httpPort = try await read.int("NEXUS_HTTP_PORT", in: SettingLimits.port)
        opsPort = try await read.int("NEXUS_OPS_PORT", in: SettingLimits.port)
        opsToken = try await read.secret("NEXUS_OPS_TOKEN")
        tlsCertificateFile = try await read.string("NEXUS_TLS_CERT_FILE")
        tlsKeyFile = try await read.string("NEXUS_TLS_KEY_FILE")
        docsAssetsDirectory = try await read.string("NEXUS_DOCS_ASSETS_DIR")
        corsAllowedOrigins = try await read.string("NEXUS_CORS_ALLOWED_ORIGINS")
        bootstrapAdminEmail = try await read.string("NEXUS_BOOTSTRAP_ADMIN_EMAIL")
        bootstrapAdminPassword = try await read.secret("NEXUS_BOOTSTRAP_ADMIN_PASSWORD")
        readyMaximumRelayLag = try await read.int("NEXUS_READY_MAX_RELAY_LAG", in: SettingLimits.readinessLag)
        readyMaximumProjectionLag = try await read.int("NEXUS_READY_MAX_PROJECTION_LAG", in: SettingLimits.readinessLag)
        readCacheEntries = try await read.int("NEXUS_READ_CACHE_ENTRIES", in: SettingLimits.readCacheEntries)

        orderPaymentTimeout = try await read.duration("NEXUS_ORDER_PAYMENT_TIMEOUT", in: SettingLimits.orderPaymentTimeout)
        jobConcurrency = try await read.int("NEXUS_JOB_CONCURRENCY", in: SettingLimits.jobConcurrency)
        jobClaimLease = try await read.duration("NEXUS_JOB_CLAIM_LEASE", in: SettingLimits.jobClaimLease)
        jobPollInterval = try await read.duration("NEXUS_JOB_POLL_INTERVAL", in: SettingLimits.jobPollInterval)
        jobRetention = try await read.duration("NEXUS_JOB_RETENTION", in: SettingLimits.jobRetention)
        webhookAllowedHosts = try await read.string("NEXUS_WEBHOOK_ALLOWED_HOSTS")
        webhookAllowPrivateAddresses = try await read.bool("NEXUS_WEBHOOK_ALLOW_PRIVATE_ADDRESSES")
        webhookTimeout = try await read.duration("NEXUS_WEBHOOK_TIMEOUT", in: SettingLimits.webhookTimeout)
        webhookMaximumAttempts = try await read.int("NEXUS_WEBHOOK_MAX_ATTEMPTS", in: SettingLimits.webhookAttempts)
        webhookRetryBase = try await read.duration("NEXUS_WEBHOOK_RETRY_BASE", in: SettingLimits.webhookRetryBase)
        webhookRetryMaximum = try await read.duration("NEXUS_WEBHOOK_RETRY_MAX", in: SettingLimits.webhookRetryMaximum)

        logLevel = try await read.choice("NEXUS_LOG_LEVEL", of: SettingLimits.logLevels)
        bcryptCost = try await read.int("NEXUS_BCRYPT_COST", in: SettingLimits.bcryptCost)
        simulateAdminPassword = try await read.secret("NEXUS_SIMULATE_ADMIN_PASSWORD")

        masterKey = try await read.secret("NEXUS_MASTER_KEY")
        masterKeyFile = try await read.string("NEXUS_MASTER_KEY_FILE")
        previousMasterKeys = try await read.secret("NEXUS_PREVIOUS_MASTER_KEYS")
        emailLookupSecret = try await read.secret("NEXUS_EMAIL_LOOKUP_SECRET")
        emailLookupSecretFile = try await read.string("NEXUS_EMAIL_LOOKUP_SECRET_FILE")
    }
}
