import ArgumentParser
import Logging
import PostgresNIO
import Projections

/// `nexus projections status`: serving generation, version and whether a rebuild is needed.
struct ProjectionsStatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show each projection's serving generation, version and Kafka offsets."
    )

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let logger = {
            var logger = Logger(label: "nexus.projections")
            logger.logLevel = .warning
            return logger
        }()
        let rows = try await database.withClient(logger: logger) { client in
            var serving: [String: (Int32, Int32, String, Int64)] = [:]
            let result = try await client.query(
                """
                SELECT g.name, g.generation, g.version, g.switched_at::text,
                       coalesce((SELECT sum(next_offset) FROM read.projection_offsets o WHERE o.projection = g.name), 0)::int8
                  FROM read.projection_generations g
                """,
                logger: logger
            )
            for try await (name, generation, version, switched, offsets) in result.decode((String, Int32, Int32, String, Int64).self) {
                serving[name] = (generation, version, switched, offsets)
            }
            return serving
        }
        print("projection  version  generation  state            switched at                     kafka messages consumed")
        for projection in ProjectionCatalog.all {
            let name = projection.name.padding(toLength: 12, withPad: " ", startingAt: 0)
            guard let (generation, version, switched, offsets) = rows[projection.name] else {
                print("\(name)\(projection.version)        -           not created")
                continue
            }
            let state = Int(version) == projection.version ? "current" : "needs rebuild (v\(version))"
            print("\(name)\(projection.version)        \(generation)           \(state.padding(toLength: 17, withPad: " ", startingAt: 0))\(switched)   \(offsets)")
        }
    }
}
