import HTTPTypes
import NexusEvents

extension RouteDoc {
    /// The errors a command with a JSON body can answer.
    static let bodyErrors = [400, 401, 403, 404, 409, 412, 413, 415, 422, 429]
    /// The errors a command without a body can answer.
    static let bodylessErrors = [401, 403, 404, 409, 412, 429]
    /// The schema of ``CommandResult``.
    static let commandResultSchema = (try? SchemaInference.schema(of: CommandResult.self)) ?? [:]

    /// A command route taking a `Body` JSON object and answering a ``CommandResult``.
    static func command<Body: Decodable>(
        _ method: HTTPRequest.Method, _ path: String, _ summary: String, tag: String, access: String,
        body: Body.Type, status: Int = 200
    ) -> RouteDoc {
        RouteDoc(
            method, path, summary: summary, tag: tag, access: access,
            requestBody: try? SchemaInference.schema(of: body), success: (status, commandResultSchema),
            errors: bodyErrors, isCommand: true)
    }

    /// A command route without a body.
    static func command(
        _ method: HTTPRequest.Method, _ path: String, _ summary: String, tag: String, access: String
    ) -> RouteDoc {
        RouteDoc(
            method, path, summary: summary, tag: tag, access: access, success: (200, commandResultSchema),
            errors: bodylessErrors, isCommand: true)
    }
}
