import ArgumentParser
import EventStore
import EventStorePostgres
import Foundation
import Logging
import NexusDomain
import NexusEvents
import Privacy

/// `nexus replay STREAM`: an aggregate's state as it was, and the events that made it.
struct ReplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Show an aggregate's state as of a position or time, and the events that made it.",
        discussion: "Example: nexus replay order-3f2c… --until-time 2026-11-27T12:00:00Z --json"
    )

    @OptionGroup var database: DatabaseOptions

    @Argument(help: "The stream, e.g. product-SKU-1 or order-<uuid>.")
    var stream: String

    @Option(help: "Only events at or before this global position.")
    var untilPosition: Int64?

    @Option(help: "Only events recorded at or before this RFC 3339 time.")
    var untilTime: String?

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    func validate() throws {
        do { _ = try StreamName(stream) } catch { throw ValidationError(error.message) }
        if untilPosition != nil && untilTime != nil {
            throw ValidationError("use either --until-position or --until-time, not both")
        }
        if let untilPosition, untilPosition < 0 { throw ValidationError("--until-position must be ≥ 0") }
        if let untilTime, ReplayTime.parse(untilTime) == nil {
            throw ValidationError("--until-time must be an RFC 3339 time such as 2026-11-27T12:00:00Z")
        }
    }

    func run() async throws {
        let logger = Logger(label: "nexus.replay")
        let name = try StreamName(stream)
        let limitTime = untilTime.flatMap(ReplayTime.parse)
        let privacy = try PrivacySettings.configured(development: false)
        let recorded = try await database.withClient(logger: logger) { client in
            let vault = PersonalDataVault(client: client, configuration: privacy, logger: logger)
            return try await vault.exit(
                try await PostgresEventStore(client: client, logger: logger).readStream(name), mode: vault.hasKeys ? .revealed : .sealed)
        }.filter { event in
            (untilPosition.map { event.position <= $0 } ?? true) && (limitTime.map { event.recordedAt <= $0 } ?? true)
        }
        guard !recorded.isEmpty else {
            throw CommandFailure("stream \(stream) has no events\(untilPosition != nil || untilTime != nil ? " up to that point" : "")")
        }
        let events = try recorded.map { event in
            do {
                return try NexusEvent.decode(eventType: event.type, schemaVersion: event.schemaVersion, data: event.data)
            } catch {
                throw CommandFailure("event at position \(event.position) cannot be read: \(error)")
            }
        }
        let state: JSONValue
        do { state = try AggregateReplay.state(category: name.category, events: events) } catch { throw CommandFailure("\(error)") }
        if json {
            print(try ReplayOutput.json(stream: stream, state: state, events: recorded))
        } else {
            print(ReplayOutput.table(stream: stream, state: state, events: recorded))
        }
    }
}
