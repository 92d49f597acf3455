public import Foundation

/// The keys and limits of personal-data protection. There are no production defaults for the
/// keys: `nexus serve` refuses to start without them (``development`` exists for `nexus dev`
/// and tests only).
public struct PrivacyConfiguration: Sendable {
    /// Wraps new data keys (`NEXUS_MASTER_KEY`, base64 of 32 bytes).
    public var masterKey: MasterKey
    /// Older master keys still able to unwrap data keys until `nexus keys rotate` re-wraps them
    /// (`NEXUS_PREVIOUS_MASTER_KEYS`, comma-separated; default none).
    public var previousMasterKeys: [MasterKey] = []
    /// The secret of the keyed hash naming email reservation streams and sign-in throttles
    /// (`NEXUS_EMAIL_LOOKUP_SECRET`, at least 32 bytes). It must never change: reservation
    /// stream names are derived from it.
    public var emailLookupSecret: Data
    /// How long an unwrapped data key is reused before it is read again (default 1 s; an
    /// erasure in this process applies at once, one in another process within this).
    public var keyCacheLifetime = Duration.seconds(1)
    /// The most data keys kept unwrapped in memory (default 100,000).
    public var keyCacheCapacity = 100_000
    /// Failed sign-ins allowed per account within ``signInFailureWindow`` before further
    /// attempts get 429 (default 5; on top of the per-client rate limit).
    public var signInFailureLimit = 5
    /// The window failed sign-ins are counted in, from the first failure (default 15 minutes).
    public var signInFailureWindow = Duration.seconds(15 * 60)

    /// A configuration; `emailLookupSecret` must be at least 32 bytes.
    public init(masterKey: MasterKey, emailLookupSecret: Data) throws(PrivacyError) {
        guard emailLookupSecret.count >= 32 else {
            throw PrivacyError(.invalidConfiguration, "the email lookup secret must be at least 32 bytes")
        }
        self.masterKey = masterKey
        self.emailLookupSecret = emailLookupSecret
    }

    /// Fixed development keys: only for `nexus dev`, `serve --dev` and tests. Data sealed
    /// under them is readable by anyone who has this source code.
    public static var development: PrivacyConfiguration {
        // Both literals are valid by construction (32 bytes, 48 bytes).
        let master = try! MasterKey(bytes: Array("nexus-development-master-key-32b".utf8))
        return try! PrivacyConfiguration(
            masterKey: master, emailLookupSecret: Data("nexus-development-email-lookup-secret-not-for-use".utf8))
    }
}
