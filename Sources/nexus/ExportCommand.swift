import ArgumentParser
import EventStore
import EventStorePostgres
import Foundation
import Logging
import Privacy

/// `nexus export`: streams events out for analysis, page by page (constant memory).
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export events in global order as JSON lines or CSV (progress on stderr).",
        discussion: """
            Output goes to standard output unless --output names a file. Secrets of older events are \
            removed and erased persons' fields read as the erased marker; personal fields are revealed \
            when NEXUS_MASTER_KEY and NEXUS_EMAIL_LOOKUP_SECRET are set, and stay sealed otherwise.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case jsonl, csv
    }

    @OptionGroup var database: DatabaseOptions

    @Option(help: "Only streams of this category (user, category, product, inventory, order).")
    var category: String?

    @Option(help: "Export events after this global position.")
    var from: Int64 = 0

    @Option(help: "jsonl or csv.")
    var format: Format = .jsonl

    @Option(help: "Write to this file instead of standard output.")
    var output: String?

    @Option(help: "Events per page read from the database.")
    var pageSize: Int = 5000

    func validate() throws {
        guard from >= 0 else { throw ValidationError("--from must be a position ≥ 0") }
        guard (1...100_000).contains(pageSize) else { throw ValidationError("--page-size must be between 1 and 100000") }
        if let category, category.isEmpty || !category.allSatisfy({ $0.isASCII && $0.isLowercase }) {
            throw ValidationError("--category must be a lowercase stream category such as order or product")
        }
    }

    func run() async throws {
        let logger = Logger(label: "nexus.export")
        let sink = try outputHandle()
        let privacy = try PrivacySettings.configured(development: false)
        if privacy == nil { FileHandle.standardError.write(Data("no personal-data keys configured: personal fields stay sealed\n".utf8)) }
        let exported = try await database.withClient(logger: logger) { client in
            let store = PostgresEventStore(client: client, logger: logger)
            let vault = PersonalDataVault(client: client, configuration: privacy, logger: logger)
            let bar = ProgressBar(label: "export", total: try await store.headPosition() - from, unit: "positions")
            let writer = EventExportWriter(format: format)
            sink.write(writer.header)
            let (category, pageSize) = (category, pageSize)
            @Sendable func page(after position: Int64) -> Task<[RecordedEvent], any Error> {
                Task {
                    if let category {
                        try await store.readAll(after: position, limit: pageSize, category: category)
                    } else {
                        try await store.readAll(after: position, limit: pageSize)
                    }
                }
            }
            var count = 0
            // The next page is read while this one is encoded and written.
            var next = page(after: from)
            defer { next.cancel() }
            while true {
                let events = try await next.value
                guard let last = events.last else { break }
                next = page(after: last.position)
                sink.write(writer.encode(try await vault.exit(events, mode: vault.hasKeys ? .revealed : .sealed)))
                count += events.count
                bar.update(done: last.position - from)
            }
            bar.finish()
            return count
        }
        if output != nil { try sink.close() }
        FileHandle.standardError.write(Data("exported \(exported) events\n".utf8))
    }

    private func outputHandle() throws -> FileHandle {
        guard let output else { return FileHandle.standardOutput }
        guard FileManager.default.createFile(atPath: output, contents: nil) else {
            throw CommandFailure("cannot create \(output)")
        }
        guard let handle = FileHandle(forWritingAtPath: output) else { throw CommandFailure("cannot write \(output)") }
        return handle
    }
}
