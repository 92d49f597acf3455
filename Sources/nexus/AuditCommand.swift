import ArgumentParser
import EventStore
import EventStorePostgres
import Logging

/// `nexus audit …`: tools for auditors.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Audit the event store.",
        subcommands: [VerifyCommand.self]
    )

    /// `nexus audit verify`: recomputes every hash chain.
    struct VerifyCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify",
            abstract: "Recompute every event's hash chain; exit 0 only if all are intact.",
            discussion: "On a broken chain, prints the first altered or missing event and exits with code 2."
        )

        @OptionGroup var database: DatabaseOptions

        @Option(help: "Verify only this stream's chain.")
        var stream: String?

        func validate() throws {
            if let stream {
                do { _ = try StreamName(stream) } catch { throw ValidationError(error.message) }
            }
        }

        func run() async throws {
            let logger = Logger(label: "nexus.audit")
            let streamName = try stream.map { try StreamName($0) }
            let verification = try await database.withClient(logger: logger) { client in
                let store = PostgresEventStore(client: client, logger: logger)
                let bar = ProgressBar(label: "verify", total: 0)
                let verification = try await store.verifyChains(stream: streamName) { done, total in
                    bar.update(done: done, total: total)
                }
                bar.finish()
                return verification
            }
            guard let broken = verification.firstBrokenLink else {
                print("intact: \(verification.eventsChecked) events verified")
                return
            }
            print("BROKEN at position \(broken.position): stream \(broken.stream) version \(broken.version): \(broken.reason) (\(verification.eventsChecked) events verified before it)")
            throw ExitCode(2)
        }
    }
}
