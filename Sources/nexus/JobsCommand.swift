import ArgumentParser

/// `nexus jobs …`: the background job queue.
struct JobsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jobs",
        abstract: "The background job queue: status.",
        subcommands: [JobsStatusCommand.self]
    )
}
