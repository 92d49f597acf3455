import HTTPTypes
import NexusEvents

extension RouteDoc {
    /// The errors a command with a JSON body can answer.
    static let bodyErrors = [400, 401, 403, 404, 409, 412, 413, 415, 422, 429, 503]
    /// The errors a command without a body can answer (422: a malformed `Idempotency-Key` or `If-Match`).
    static let bodylessErrors = [401, 403, 404, 409, 412, 422, 429, 503]
    /// The headers of a command's success.
    static func commandHeaders(status: Int) -> [String: String] {
        var headers = ["ETag": "The main stream's version after the command, for If-Match"]
        if status == 201 { headers["Location"] = "The created resource" }
        return headers
    }
    /// The schema of ``CommandResult``.
    static let commandResultSchema = (try? SchemaInference.schema(of: CommandResult.self)) ?? [:]

    /// A command route taking a `Body` JSON object and answering a ``CommandResult``.
    static func command<Body: Decodable>(
        _ method: HTTPRequest.Method, _ path: String, _ summary: String, tag: String, access: String,
        body: Body.Type, status: Int = 200
    ) -> RouteDoc {
        var doc = RouteDoc(
            method, path, summary: summary, tag: tag, access: access,
            requestBody: RequestSchemas.schema(of: body), success: (status, commandResultSchema),
            errors: bodyErrors, isCommand: true)
        doc.responseHeaders = commandHeaders(status: status)
        return doc
    }

    /// A command route without a body.
    static func command(
        _ method: HTTPRequest.Method, _ path: String, _ summary: String, tag: String, access: String
    ) -> RouteDoc {
        var doc = RouteDoc(
            method, path, summary: summary, tag: tag, access: access, success: (200, commandResultSchema),
            errors: bodylessErrors, isCommand: true)
        doc.responseHeaders = commandHeaders(status: 200)
        return doc
    }
}
