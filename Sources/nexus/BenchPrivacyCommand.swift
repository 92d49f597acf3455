import ArgumentParser
import EventStore
import EventStorePostgres
import Foundation
import Logging
import NexusEvents
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
            Progress.line("bench privacy: sealing names of \(persons) persons…")
            var sealed: [(UUID, String)] = []
            for _ in 0..<persons {
                let subject = UUID()
                sealed.append((subject, try await vault.seal("Person \(subject.uuidString.prefix(8))", for: subject)))
            }
            let recorded = try (0..<events).map { index in
                let (subject, name) = sealed[index % sealed.count]
                return RecordedEvent(
                    id: UUID(), stream: try StreamName("user-\(subject.uuidString.lowercased())"), version: Int64(index / sealed.count + 1),
                    position: Int64(index + 1), type: UserProfileUpdated.eventType, schemaVersion: UserProfileUpdated.schemaVersion,
                    data: Data(#"{"name":"\#(name)","userId":"\#(subject.uuidString.lowercased())"}"#.utf8), metadata: EventMetadata(),
                    recordedAt: Date(), hash: nil)
            }
            let pages = stride(from: 0, to: recorded.count, by: 1000).map { Array(recorded[$0..<min($0 + 1000, recorded.count)]) }
            var decode: [Double] = [], reveal: [Double] = [], publish: [Double] = []
            for round in 1...repeats {
                Progress.line("bench privacy: round \(round) of \(repeats)…")
                decode.append(try await Self.rate(events) {
                    for page in pages {
                        for event in page { _ = try NexusEvent.decode(eventType: event.type, schemaVersion: event.schemaVersion, data: event.data) }
                    }
                })
                reveal.append(try await Self.rate(events) { for page in pages { _ = try await vault.exit(page, mode: .revealed) } })
                publish.append(try await Self.rate(events) { for page in pages { _ = try await vault.exit(page, mode: .sealed) } })
            }
            return (Self.median(decode), Self.median(reveal), Self.median(publish))
        }
        print("events   decode events/s  reveal events/s  ratio  sealed-exit events/s  ratio")
        print(String(events).padding(toLength: 9, withPad: " ", startingAt: 0)
            + String(format: "%15.0f  %15.0f  %5.2fx  %20.0f  %5.2fx", rates.0, rates.1, rates.1 / rates.0, rates.2, rates.2 / rates.0))
    }

    static func rate(_ count: Int, _ body: () async throws -> Void) async throws -> Double {
        let start = ContinuousClock.now
        try await body()
        let elapsed = ContinuousClock.now - start
        return Double(count) / (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }

    static func median(_ values: [Double]) -> Double {
        values.sorted()[values.count / 2]
    }
}
