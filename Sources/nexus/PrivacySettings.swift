import ArgumentParser
import Foundation
import NexusConfiguration
import Privacy

/// Reads the personal-data keys from configuration (never logged):
/// - `NEXUS_MASTER_KEY` (base64 of 32 bytes) or `NEXUS_MASTER_KEY_FILE` (a file holding it);
/// - `NEXUS_PREVIOUS_MASTER_KEYS`: comma-separated older master keys, during a rotation;
/// - `NEXUS_EMAIL_LOOKUP_SECRET` (at least 32 bytes; must never change) or `NEXUS_EMAIL_LOOKUP_SECRET_FILE`.
enum PrivacySettings {
    /// The configured keys, the development keys when `development` and nothing is configured,
    /// or `nil` when nothing is configured.
    static func configured(development: Bool) throws -> PrivacyConfiguration? {
        let settings = NexusSettings.current
        let lookupSecret = try secret(settings.emailLookupSecret, file: settings.emailLookupSecretFile, name: "NEXUS_EMAIL_LOOKUP_SECRET")
        guard let master = try secret(settings.masterKey, file: settings.masterKeyFile, name: "NEXUS_MASTER_KEY") else {
            guard lookupSecret == nil else {
                throw ValidationError("NEXUS_EMAIL_LOOKUP_SECRET is set but NEXUS_MASTER_KEY is not")
            }
            return development ? .development : nil
        }
        guard let lookup = lookupSecret else {
            throw ValidationError("NEXUS_MASTER_KEY is set but NEXUS_EMAIL_LOOKUP_SECRET is not")
        }
        do {
            var configuration = try PrivacyConfiguration(masterKey: try MasterKey(base64: master), emailLookupSecret: Data(lookup.utf8))
            configuration.previousMasterKeys = try (settings.previousMasterKeys?.value ?? "")
                .split(separator: ",").map { key throws(PrivacyError) in try MasterKey(base64: String(key)) }
            return configuration
        } catch {
            throw ValidationError(error.message)
        }
    }

    /// The configured keys, or the development keys when `development`; otherwise a one-line error.
    static func required(development: Bool) throws -> PrivacyConfiguration {
        guard let configuration = try configured(development: development) else {
            throw ValidationError(
                "set NEXUS_MASTER_KEY (base64 of 32 random bytes, e.g. `openssl rand -base64 32`) and NEXUS_EMAIL_LOOKUP_SECRET "
                    + "(at least 32 bytes), or use --dev for the development keys")
        }
        return configuration
    }

    /// The secret `value` (setting `name`), or the trimmed contents of the file `NAME_FILE` names.
    private static func secret(_ value: Secret?, file: String?, name: String) throws -> String? {
        if let value { return value.value }
        guard let path = file else { return nil }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ValidationError("cannot read \(name)_FILE \(path)")
        }
        let value = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return value.isEmpty ? nil : value
    }
}
