import Hummingbird
import PostgresNIO
import Projections

extension AuditorConsole {
    /// `GET /console/projections`: each projection's version, serving generation, low watermark
    /// and lag, as `/ready` and `/metrics` compute them (``ProjectionProgress``).
    func registerProjections(on builder: APIBuilder, access: ConsoleAccess) {
        builder.addPage(.get, "\(ConsolePage.prefix)/projections") { request, _ in
            try await access.page(request) { user in
                let cap = Self.lagCap
                let client = store.client
                let progress = try await ProjectionProgress.entries(client: client, cap: cap, watermarks: watermarks, logger: logger)
                var generations: [String: (Int32, Int32)] = [:]
                let rows = try await client.query("SELECT name, generation, version FROM read.projection_generations", logger: logger)
                for try await (name, generation, version) in rows.decode((String, Int32, Int32).self) { generations[name] = (generation, version) }
                let head = try await store.headPosition()
                var values = user.values(title: "Projections")
                values["head"] = head
                values["projections"] = ProjectionCatalog.all.map { projection -> [String: Any] in
                    guard let (generation, version) = generations[projection.name], let entry = progress[projection.name] else {
                        return ["name": projection.name, "version": projection.version, "generation": "–", "appliedPosition": "–", "lag": "–",
                                "state": "not created"]
                    }
                    return [
                        "name": projection.name, "version": projection.version, "generation": generation,
                        "appliedPosition": entry.appliedPosition,
                        "lag": entry.pendingEvents >= cap ? "\(cap) or more" : "\(entry.pendingEvents)",
                        "state": Int(version) == projection.version ? "current" : "needs rebuild (serving v\(version))",
                    ]
                }
                return ConsolePage.render("projections", values)
            }
        }
    }

    /// The most pending events counted per projection (a page's cost stays bounded).
    static let lagCap: Int64 = 100_000
}
