import ArgumentParser
import Foundation
import Jobs
import Logging

/// `nexus jobs status`: per kind, jobs due, scheduled, retrying, running and dead, and the age of
/// the oldest due job.
struct JobsStatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show the job queue per kind: due, scheduled, retrying, running, dead, and the oldest due job's wait."
    )

    @OptionGroup var database: DatabaseOptions

    @Flag(help: "Print JSON (one object per kind) instead of a table.")
    var json = false

    func run() async throws {
        let logger = {
            var logger = Logger(label: "nexus.jobs")
            logger.logLevel = .warning
            return logger
        }()
        let kinds = try await database.withClient(logger: logger) { try await JobQueue(client: $0, logger: logger).status() }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            print(String(decoding: try encoder.encode(kinds), as: UTF8.self))
            return
        }
        print(Self.row(["kind"] + JobKindStatus.countNames + ["oldest due"]))
        for kind in kinds {
            print(Self.row([kind.kind] + kind.counts.map { "\($0.count)" } + [String(format: "%.1f s", kind.oldestDueSeconds)]))
        }
        if kinds.isEmpty { print("no jobs waiting, running or dead") }
    }

    /// The first cell in 28 columns, the others in 11 (or their width plus two).
    static func row(_ cells: [String]) -> String {
        cells.enumerated().map { index, cell in
            cell.padding(toLength: max(index == 0 ? 28 : 11, cell.count + 2), withPad: " ", startingAt: 0)
        }.joined()
    }
}
