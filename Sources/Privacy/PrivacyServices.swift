public import Logging
public import PostgresNIO

/// Everything the API needs to keep secrets and personal data out of the log: the vault, the
/// credentials, the sign-in throttle and the email lookup, over one database.
public struct PrivacyServices: Sendable {
    /// Seals, reveals and erases personal data.
    public let vault: PersonalDataVault
    /// Password hashes.
    public let credentials: CredentialStore
    /// Failed sign-ins per account.
    public let throttle: SignInThrottle
    /// Keyed hashes of emails.
    public let emailLookup: EmailLookup

    /// The services over `client` (the `privacy` schema must be migrated).
    public init(client: PostgresClient, configuration: PrivacyConfiguration, logger: Logger) {
        vault = PersonalDataVault(client: client, configuration: configuration, logger: logger)
        credentials = CredentialStore(client: client, logger: logger)
        throttle = SignInThrottle(
            client: client, limit: configuration.signInFailureLimit, window: configuration.signInFailureWindow, logger: logger)
        emailLookup = EmailLookup(secret: configuration.emailLookupSecret)
    }

    /// The services over other storage (e.g. in memory, for tests that run without a database).
    public init(vault: PersonalDataVault, credentials: CredentialStore, throttle: SignInThrottle, emailLookup: EmailLookup) {
        self.vault = vault
        self.credentials = credentials
        self.throttle = throttle
        self.emailLookup = emailLookup
    }
}
