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
            DevCommand.self,
            ServeCommand.self,
            RelayCommand.self,
            ProjectCommand.self,
            WorkerCommand.self,
            JobsCommand.self,
            BrokerCommand.self,
            ReplayCommand.self,
            AuditCommand.self,
            ExportCommand.self,
            SimulateCommand.self,
            BenchCommand.self,
            ProjectionsCommand.self,
            StatusCommand.self,
            KeysCommand.self,
        ]
    )
}
