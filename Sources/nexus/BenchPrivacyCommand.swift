import ArgumentParser
import Logging
import NexusBenchmarks
import Privacy

/// `nexus bench privacy`: what sealing costs readers. Users' events pass the vault's exit step
/// (personal fields opened, or left sealed for Kafka) on every way out of the store; the
/// reference is the decoding every reader does anyway, on the same events, in the same run.
struct BenchPrivacyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "privacy",
        abstract: "Cost of the personal-data exit step (reveal for readers, sealed for Kafka) versus plain event decoding.",
        discussion: "Run with a release build: ops/bench privacy. Uses the development keys on the given database."
    )

    @OptionGroup var database: DatabaseOptions

    @Option(help: "User events per pass.")
    var events: Int = 100_000

    @Option(help: "Distinct persons the events belong to.")
    var persons: Int = 1_000

    @Option(help: "Interleaved repeats; the median is reported.")
    var repeats: Int = 3

    func validate() throws {
        guard (1_000...2_000_000).contains(events) else { throw ValidationError("--events must be between 1000 and 2000000") }
        guard (1...events).contains(persons) else { throw ValidationError("--persons must be between 1 and --events") }
        guard (1...20).contains(repeats) else { throw ValidationError("--repeats must be between 1 and 20") }
    }

    func run() async throws {
        let logger = Logger(label: "nexus.bench")
        let (persons, events, repeats) = (self.persons, self.events, self.repeats)
        let rates = try await database.withClient(logger: logger) { client in
            for migrator in Migrations.all { _ = try await migrator.migrate(client, logger: logger) }
            let vault = PersonalDataVault(client: client, configuration: .development, logger: logger)
            return try await PrivacyBenchmark.measure(vault: vault, persons: persons, events: events, repeats: repeats, progress: Progress.line)
        }
        print(PrivacyBenchmark.report(events: events, rates))
    }
}
