public import Privacy

extension PrivacyServices {
    /// The personal-data services over memory instead of PostgreSQL, for tests that run without
    /// a database: the same vault, credential and throttle rules, nothing shared between processes.
    public static func inMemory(configuration: PrivacyConfiguration = .development) -> PrivacyServices {
        PrivacyServices(
            vault: PersonalDataVault(storage: MemoryDataKeys(), configuration: configuration),
            credentials: CredentialStore(storage: MemoryCredentials()),
            throttle: SignInThrottle(
                storage: MemorySignInFailures(), limit: configuration.signInFailureLimit, window: configuration.signInFailureWindow),
            emailLookup: EmailLookup(secret: configuration.emailLookupSecret))
    }
}
