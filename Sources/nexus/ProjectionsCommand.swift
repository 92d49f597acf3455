import ArgumentParser

/// `nexus projections …`: rebuild read models, show their state, print their SQL.
struct ProjectionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "projections",
        abstract: "Read models: rebuild, status, SQL definitions.",
        subcommands: [ProjectionsRebuildCommand.self, ProjectionsStatusCommand.self, ProjectionsSQLCommand.self]
    )
}
