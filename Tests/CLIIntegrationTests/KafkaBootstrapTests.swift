import NexusTestSupport
import PostgresNIO
import Testing

@Suite("Only nexus dev starts the embedded broker unasked")
struct KafkaBootstrapTests {
    @Test(
        "serve, relay and project refuse to start without a Kafka bootstrap, with a one-line error, and move no checkpoint",
        .timeLimit(.minutes(2)))  // before, they started and ran: a failure, not a stuck run
    func rolesRequireAnExplicitBootstrap() async throws {
        let database = try await TestDatabase.create(prefix: "cli_no_bootstrap")
        let migrated = try await NexusBinary.run(["migrate"], databaseURL: database.url)
        try #require(migrated.status == 0, "\(migrated.stderr)")
        let unset = ["NEXUS_KAFKA_BOOTSTRAP": ""]
        for arguments in [["serve", "--dev", "--port", "0"], ["relay"], ["project"]] {
            let run = try await NexusBinary.run(arguments, databaseURL: database.url, environment: unset)
            #expect(run.status != 0, "\(arguments)")
            let lines = run.stderr.split(separator: "\n").filter { !$0.isEmpty }
            #expect(lines.count == 1 && run.stderr.contains("NEXUS_KAFKA_BOOTSTRAP"), "\(arguments): \(run.stderr)")
        }
        // The relay never ran: no checkpoint exists.
        try await TestDatabase.withClient(database.configuration) { client in
            let checkpoints = try await client.query("SELECT count(*) FROM checkpoints")
            for try await count in checkpoints.decode(Int64.self) { #expect(count == 0) }
        }
    }
}
