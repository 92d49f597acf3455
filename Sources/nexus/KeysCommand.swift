import ArgumentParser
import Foundation
import Logging
import Privacy

/// `nexus keys`: the personal-data keys.
struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Inspect and rotate the master key that wraps every person's data key and every webhook secret.",
        subcommands: [Status.self, Rotate.self]
    )

    /// `nexus keys status`: how many data keys each master key wraps, and how many persons were erased.
    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Count data keys per master key id (and erased persons).")

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let logger = Logger(label: "nexus.keys")
            let privacy = try PrivacySettings.configured(development: false)
            let census = try await database.withClient(logger: logger) { client in
                try await PersonalDataVault(client: client, configuration: privacy, logger: logger).census()
            }
            if let privacy { print("current master key id: \(privacy.masterKey.id)") }
            for (keyID, count) in census.sorted(by: { $0.key < $1.key }) {
                print(keyID == "erased" ? "erased persons: \(count)" : "master key \(keyID): \(count) data key(s)")
            }
        }
    }

    /// `nexus keys rotate`: re-wraps every data key under the current master key.
    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Re-wrap every data key and webhook secret under NEXUS_MASTER_KEY (old keys in NEXUS_PREVIOUS_MASTER_KEYS).",
            discussion: """
                Rotation: set the new key as NEXUS_MASTER_KEY and the old one in NEXUS_PREVIOUS_MASTER_KEYS \\
                for every process, run this once, then drop the old key from the configuration. Safe to \\
                run again; an erasure meanwhile wins.
                """
        )

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let logger = Logger(label: "nexus.keys")
            let privacy = try PrivacySettings.required(development: false)
            let bar = ProgressBar(label: "rotate", total: 0, unit: "keys")
            let (rewrapped, sealed) = try await database.withClient(logger: logger) { client in
                let vault = PersonalDataVault(client: client, configuration: privacy, logger: logger)
                let census = try await vault.census()
                bar.update(done: 0, total: census.filter { $0.key != privacy.masterKey.id && $0.key != "erased" }.values.reduce(0, +))
                let rewrapped = try await vault.rotate { bar.update(done: Int64($0)) }
                return (rewrapped, try await Migrations.sealWebhookSecrets(client, privacy: privacy, logger: logger))
            }
            bar.finish()
            print("re-wrapped \(rewrapped) data key(s) under master key \(privacy.masterKey.id)")
            print("re-sealed \(sealed) webhook secret(s) under master key \(privacy.masterKey.id)")
        }
    }
}
