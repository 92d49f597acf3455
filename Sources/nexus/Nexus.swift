import ArgumentParser
import NexusConfiguration

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

    /// Reads and checks the configuration before any command is parsed: a bad setting stops the
    /// process with one line naming it and why (exit code 1), never a silent default.
    static func main() async {
        do {
            try await NexusSettings.load()
        } catch {
            exit(withError: error)
        }
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
