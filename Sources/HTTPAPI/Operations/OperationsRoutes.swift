import Hummingbird
import NexusEvents

/// `/ready` (dependencies reachable, lag under thresholds) and `/metrics` (Prometheus text).
///
/// The process decides what "ready" means (which roles it runs); this module only serves it.
public enum OperationsRoutes {
    /// The routes, as a module for ``NexusAPI/build(configuration:store:services:modules:logger:)``.
    /// - Parameters:
    ///   - readiness: computes the checks (called per request; keep it bounded in time).
    ///   - metrics: renders the Prometheus exposition text (called per request; keep it bounded in time).
    public static func module(
        readiness: @escaping @Sendable () async -> Readiness,
        metrics: @escaping @Sendable () async -> String
    ) -> RouteModule {
        RouteModule { builder in
            builder.add(RouteDoc(
                .get, "/ready", summary: "Readiness: database, broker and projection lag checks (503 when not ready)",
                tag: "system", access: "public",
                success: (200, (try? SchemaInference.schema(of: Readiness.self)) ?? [:]), errors: [429, 503]
            )) { _, _ in
                let report = await readiness()
                return CommandAPI.json(report, status: report.ready ? .ok : .serviceUnavailable)
            }
            builder.add(RouteDoc(
                .get, "/metrics", summary: "Prometheus metrics (text exposition format)", tag: "system", access: "public",
                success: (200, ["type": "string"]), errors: [429]
            )) { _, _ in
                Response(
                    status: .ok,
                    headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                    body: .init(byteBuffer: ByteBuffer(string: await metrics()))
                )
            }
        }
    }
}
