import Hummingbird
import NexusEvents

/// `/health` and `/openapi.json`.
enum SystemRoutes {
    struct Health: Codable, Sendable {
        var status: String
    }

    static func register(on builder: APIBuilder) {
        builder.add(RouteDoc(
            .get, "/health", summary: "Liveness: the process answers", tag: "system", access: "public",
            success: (200, (try? SchemaInference.schema(of: Health.self)) ?? [:]), errors: [401, 429]
        )) { _, _ in try CommandAPI.json(Health(status: "ok")) }
    }

    /// The description of `/openapi.json` itself (registered last, once the document is complete).
    static let openAPIRoute = RouteDoc(
        .get, "/openapi.json", summary: "This OpenAPI 3.1 document", tag: "system", access: "public",
        success: (200, ["type": "object"]), errors: [401, 429])

    static func registerOpenAPI(_ document: JSONValue, on builder: APIBuilder) {
        let text = document.prettyText()
        builder.add(openAPIRoute) { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: text)))
        }
    }
}
