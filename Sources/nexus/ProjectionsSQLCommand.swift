import ArgumentParser
import Foundation
import Projections

/// `nexus projections sql`: prints (or writes to `projections/`) each read model's SQL definition.
struct ProjectionsSQLCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sql",
        abstract: "Print the SQL each projection owns, or write projections/<name>.v<N>.sql files."
    )

    @Option(help: "Write the files into this directory instead of printing them.")
    var write: String?

    func run() async throws {
        for projection in ProjectionCatalog.all {
            if let write {
                let url = URL(fileURLWithPath: write).appendingPathComponent(projection.sqlFileName)
                try Data(projection.sqlFile.utf8).write(to: url)
                print("wrote \(url.path)")
            } else {
                print("-- \(projection.sqlFileName)\n\(projection.sqlFile)")
            }
        }
    }
}
