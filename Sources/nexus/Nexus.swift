import ArgumentParser

/// The `nexus` command-line tool.
@main
struct Nexus: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nexus",
        abstract: "Nexus: an event-sourced order and inventory service.",
        subcommands: [
            MigrateCommand.self,
            ContractCommand.self,
            RelayCommand.self,
            BenchCommand.self,
        ]
    )
}
