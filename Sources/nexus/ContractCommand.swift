import ArgumentParser
import Foundation
import NexusEvents

/// `nexus contract …`: the event contract in `events/`.
struct ContractCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contract",
        abstract: "The event contract (JSON Schemas, samples, AsyncAPI).",
        subcommands: [Generate.self]
    )

    /// `nexus contract generate`: writes the contract generated from the Swift event types.
    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write events/schemas, events/samples and events/asyncapi.json from the Swift event types."
        )

        @Option(name: .long, help: "The events directory to write.")
        var directory = "events"

        func run() throws {
            let root = URL(fileURLWithPath: directory)
            let files = try EventContract.files()
            for folder in ["schemas", "samples"] {
                let url = root.appendingPathComponent(folder)
                let existing = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
                for name in existing where files["\(folder)/\(name)"] == nil {
                    try FileManager.default.removeItem(at: url.appendingPathComponent(name))
                }
            }
            for (path, contents) in files.sorted(by: { $0.key < $1.key }) {
                let url = root.appendingPathComponent(path)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try contents.write(to: url, atomically: true, encoding: .utf8)
            }
            print("wrote \(files.count) files to \(root.path)")
        }
    }
}
