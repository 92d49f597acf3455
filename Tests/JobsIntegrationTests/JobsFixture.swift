import Foundation
import Jobs
import Logging
import NexusTestSupport
import PostgresNIO

/// A private database with the job queue's schema, and handlers built from closures.
enum JobsFixture {
    static let logger: Logger = {
        var logger = Logger(label: "nexus.jobs.tests")
        logger.logLevel = .warning
        return logger
    }()

    /// A fresh database migrated with ``JobSchema``.
    static func database(_ prefix: String) async throws -> TestDatabase {
        let database = try await TestDatabase.create(prefix: prefix)
        try await TestDatabase.withClient(database.configuration) { _ = try await JobSchema.migrator.migrate($0, logger: logger) }
        return database
    }

    /// Worker settings with short waits, so tests do not idle.
    static func configuration(name: String = "test-\(UUID().uuidString.prefix(8))", lease: Duration = .seconds(3)) -> JobWorkerConfiguration {
        var configuration = JobWorkerConfiguration()
        configuration.pollInterval = .milliseconds(50)
        configuration.claimLease = lease
        configuration.initialBackoff = .milliseconds(20)
        configuration.maximumBackoff = .milliseconds(200)
        configuration.workerName = name
        return configuration
    }

    /// A job's row, as the tests read it.
    struct Row: Sendable, Equatable {
        var state: String
        var attempts: Int
        var lastError: String?
        var outcome: String?
    }

    static func row(_ id: Int64, _ client: PostgresClient) async throws -> Row? {
        let rows = try await client.query("SELECT state, attempts, last_error, outcome FROM jobs WHERE id = \(id)", logger: logger)
        for try await (state, attempts, error, outcome) in rows.decode((String, Int32, String?, String?).self) {
            return Row(state: state, attempts: Int(attempts), lastError: error, outcome: outcome)
        }
        return nil
    }

    /// How many jobs are in each state.
    static func states(_ client: PostgresClient) async throws -> [String: Int] {
        let rows = try await client.query("SELECT state, count(*)::int8 FROM jobs GROUP BY state", logger: logger)
        var counts: [String: Int] = [:]
        for try await (state, count) in rows.decode((String, Int64).self) { counts[state] = Int(count) }
        return counts
    }
}

/// A handler whose work is a closure.
struct ClosureHandler: JobHandler {
    let kind: JobKind
    let body: @Sendable (ClaimedJob) async throws -> JobOutcome

    func run(_ job: ClaimedJob) async throws -> JobOutcome {
        try await body(job)
    }
}

/// The payload of the tests' jobs.
struct Numbered: Codable, Sendable {
    var n: Int
}
