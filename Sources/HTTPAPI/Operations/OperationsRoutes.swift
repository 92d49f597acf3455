import Hummingbird
import NexusEvents

/// `/ready` (dependencies reachable, lag under thresholds) and `/metrics` (Prometheus text).
///
/// The process decides what "ready" means (which roles it runs) and where these are served (an
/// ops port, or the API port in dev or behind ``HTTPServerConfiguration/opsToken``); this module
/// only serves them.
public enum OperationsRoutes {
    /// `/ready`.
    static let readyPath = "/ready"
    /// `/metrics`.
    static let metricsPath = "/metrics"
    /// Every path of the module.
    static let paths: Set<String> = [readyPath, metricsPath]
    /// The content type of `/metrics` (Prometheus text exposition format 0.0.4).
    static let metricsContentType = "text/plain; version=0.0.4; charset=utf-8"

    /// The routes, as a module for ``NexusAPI/build(configuration:store:services:modules:logger:)``.
    /// - Parameters:
    ///   - readiness: computes the checks (called per request; keep it bounded in time).
    ///   - metrics: renders the Prometheus exposition text (called per request; keep it bounded in time).
    public static func module(
        readiness: @escaping @Sendable () async -> Readiness,
        metrics: @escaping @Sendable () async -> String
    ) -> RouteModule {
        RouteModule { builder in
            let access = builder.opsTokenRequired ? "the ops token (NEXUS_OPS_TOKEN) as a bearer token" : "public"
            func protect(_ doc: inout RouteDoc) { if builder.opsTokenRequired { doc.securityScheme = "opsToken" } }
            var ready = RouteDoc(
                .get, readyPath, summary: "Readiness: database, broker and projection lag checks (503 when not ready)",
                tag: "system", access: access,
                success: (200, (try? SchemaInference.schema(of: Readiness.self)) ?? [:]), errors: [401, 429, 503])
            ready.alternativeResponses = [503: ready.success.schema]
            protect(&ready)
            builder.add(ready) { _, _ in
                let report = await readiness()
                return try CommandAPI.json(report, status: report.ready ? .ok : .serviceUnavailable)
            }
            var metricsDoc = RouteDoc(
                .get, metricsPath, summary: "Prometheus metrics (text exposition format)", tag: "system", access: access,
                success: (200, ["type": "string"]), errors: [401, 429])
            metricsDoc.successContentTypes = [metricsContentType]
            protect(&metricsDoc)
            builder.add(metricsDoc) { _, _ in
                Response(
                    status: .ok, headers: [.contentType: metricsContentType],
                    body: .init(byteBuffer: ByteBuffer(string: await metrics())))
            }
        }
    }
}
