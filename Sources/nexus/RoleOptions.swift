import ArgumentParser

/// Which parts of Nexus a process runs. By default `nexus serve` runs all of them.
struct RoleOptions: ParsableArguments {
    @Flag(name: .customLong("no-relay"), help: "Do not run the store → Kafka relay in this process.")
    var noRelay = false

    @Flag(name: .customLong("no-projections"), help: "Do not run the projection workers in this process.")
    var noProjections = false

    @Flag(name: .customLong("no-jobs"), help: "Do not run background jobs (payment deadlines) in this process.")
    var noJobs = false

    @Flag(name: .customLong("queries-only"), help: "Serve queries only: no command routes, no relay, no projection workers.")
    var queriesOnly = false

    var runsRelay: Bool { !noRelay && !queriesOnly }
    var runsProjections: Bool { !noProjections && !queriesOnly }
    var runsJobs: Bool { !noJobs && !queriesOnly }
    var servesCommands: Bool { !queriesOnly }
}
