import ArgumentParser

/// `nexus bench …`: throughput and latency benchmarks, reported as ratios to a reference run
/// in the same invocation (these machines are shared and noisy). Use a release build.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmarks, each against a reference measured in the same run.",
        subcommands: [BenchAppendCommand.self, BenchRelayCommand.self, BenchRebuildCommand.self, BenchQueryCommand.self, BenchE2ECommand.self, BenchPrivacyCommand.self]
    )
}
