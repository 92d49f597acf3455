import HTTPTypes
import NexusEvents

/// Builds the OpenAPI 3.1 document served at `/openapi.json` from the route descriptions.
enum OpenAPIDocument {
    static func build(_ routes: [RouteDoc]) -> JSONValue {
        var paths: [String: [String: JSONValue]] = [:]
        for route in routes {
            paths[route.path, default: [:]][route.method.rawValue.lowercased()] = operation(route)
        }
        return [
            "openapi": "3.1.0",
            "info": [
                "title": "Nexus API",
                "version": "1.0.0",
"description": "Commands and queries of Nexus, an event-sourced order and inventory service. Every error is RFC 9457 application/problem+json. Every successful command returns the stream, its new version and the global position of its last event; read-model queries accept that position as minPosition to read their own writes. Every path answers HEAD where it answers GET, OPTIONS with Allow, and 405 with Allow to any other method it does not serve. Any request with an Authorization header that is not a valid bearer token answers 401.",
            ],
            "paths": .object(paths.mapValues { .object($0) }),
            "components": [
                "securitySchemes": [
                    "bearer": ["type": "http", "scheme": "bearer", "bearerFormat": "JWT"],
                    "opsToken": ["type": "http", "scheme": "bearer", "description": "The ops token (NEXUS_OPS_TOKEN) of /ready and /metrics"],
                ],
                "schemas": ["Problem": problemSchema],
            ],
        ]
    }

    private static func operation(_ route: RouteDoc) -> JSONValue {
        var operation: [String: JSONValue] = [
            "summary": .string(route.summary),
            "description": .string("Access: \(route.access)."),
            "tags": [.string(route.tag)],
            "operationId": .string(operationId(route)),
        ]
        var parameters: [JSONValue] = pathParameters(route.path).map {
            ["name": .string($0), "in": "path", "required": true, "schema": route.pathParameters[$0] ?? defaultPathSchema($0)]
        }
        if route.isCommand {
            parameters.append([
                "name": .string(HTTPField.Name.idempotencyKey.rawName), "in": "header", "required": false,
                "schema": ["type": "string", "minLength": 1, "maxLength": .integer(CommandRequest.maxKeyLength)],
                "description": "A retry with the same key returns the first response and appends nothing.",
            ])
            parameters.append([
                "name": "If-Match", "in": "header", "required": false,
                "schema": ["type": "string", "pattern": .string(CommandRequest.ifMatchPattern)],
                "description": "The expected version of the main stream (its ETag, e.g. \"3\"); 412 if it moved on.",
            ])
        }
        for query in route.queryParameters {
            parameters.append([
                "name": .string(query.name), "in": "query", "required": .bool(query.required),
                "schema": query.schema, "description": .string(query.description),
            ])
        }
        if route.supportsNotModified {
            parameters.append([
                "name": "If-None-Match", "in": "header", "required": false, "schema": ["type": "string"],
                "description": "An ETag from an earlier answer; 304 without a body if the resource is unchanged.",
            ])
        }
        if !parameters.isEmpty { operation["parameters"] = .array(parameters) }
        if route.access != "public" {
            // "public (…)": anonymous callers may call it too (a token lets them do more).
            let token: JSONValue = .object([route.securityScheme: []])
            operation["security"] = route.access.hasPrefix("public") ? [[:], token] : [token]
        }
        if let body = route.requestBody {
            operation["requestBody"] = ["required": true, "content": ["application/json": ["schema": nullableOptionals(body)]]]
        }
        var success: [String: JSONValue] = [
            "description": "Success",
            "content": .object(Dictionary(uniqueKeysWithValues: route.successContentTypes.map { ($0, ["schema": route.success.schema]) })),
        ]
        if !route.responseHeaders.isEmpty {
            success["headers"] = .object(route.responseHeaders.mapValues { ["description": .string($0), "schema": ["type": "string"]] })
        }
        var responses: [String: JSONValue] = [String(route.success.status): .object(success)]
        if route.supportsNotModified {
            responses["304"] = ["description": "Not modified: If-None-Match names the current ETag"]
        }
        // The URL's text is checked before routing, so every operation can answer that refusal.
        for status in Set(route.errors + [RequestTextMiddleware.refusal.code]).sorted() {
            let content: JSONValue = route.alternativeResponses[status].map { ["application/json": ["schema": $0]] }
                ?? ["application/problem+json": ["schema": ["$ref": "#/components/schemas/Problem"]]]
            responses[String(status)] = ["description": .string(reason(status)), "content": content]
        }
        operation["responses"] = .object(responses)
        return .object(operation)
    }

    /// Every `{id}` of this API is a UUID (routes refuse others: 404 for commands, 400 for queries).
    private static func defaultPathSchema(_ name: String) -> JSONValue {
        name == "id" ? ["type": "string", "format": "uuid"] : ["type": "string", "minLength": 1]
    }

    /// `schema` with every optional property also accepting `null`, as request decoding does
    /// (an explicit `null` is the field left out).
    static func nullableOptionals(_ schema: JSONValue) -> JSONValue {
        guard case .object(var object) = schema else { return schema }
        if case .object(let properties)? = object["properties"] {
            var required: Set<String> = []
            if case .array(let names)? = object["required"] { for case .string(let name) in names { required.insert(name) } }
            object["properties"] = .object(Dictionary(uniqueKeysWithValues: properties.map { key, value in
                var property = nullableOptionals(value)
                if !required.contains(key), case .object(var keywords) = property, case .string(let type)? = keywords["type"] {
                    keywords["type"] = [.string(type), "null"]
                    if case .array(let values)? = keywords["enum"] { keywords["enum"] = .array(values + [.null]) }
                    property = .object(keywords)
                }
                return (key, property)
            }))
        }
        if let items = object["items"] { object["items"] = nullableOptionals(items) }
        return .object(object)
    }

    static func pathParameters(_ path: String) -> [String] {
        path.split(separator: "/").filter { $0.hasPrefix("{") && $0.hasSuffix("}") }.map { String($0.dropFirst().dropLast()) }
    }

    private static func operationId(_ route: RouteDoc) -> String {
        let words = route.path.split(separator: "/").map { $0.hasPrefix("{") ? "By" + $0.dropFirst().dropLast().capitalized : $0.capitalized }
        return route.method.rawValue.lowercased() + words.joined().replacingOccurrences(of: "-", with: "")
    }

    private static func reason(_ status: Int) -> String {
        switch status {
        case 400: "Malformed JSON, a malformed query parameter, or text in the URL no field can hold"
        case 401: "Missing, forged or expired bearer token"
        case 403: "The caller's role may not do this"
        case 404: "Not found"
        case 409: "Conflict: already exists, invalid transition, insufficient stock or concurrent modification"
        case 405: "The path exists, but not with this method (see Allow)"
        case 412: "If-Match does not match the stream version"
        case 413: "Body too large"
        case 415: "Body is not application/json"
        case 426: "Open this route as a WebSocket (Upgrade: websocket)"
        case 422: "Unknown, missing or invalid fields or headers, or a minPosition no command has returned yet"
        case 429: "Too many requests"
        case 503: "Unavailable: a dependency failed or, for queries, the read model did not reach minPosition in time (see Retry-After)"
        default: "Error"
        }
    }

    private static let problemSchema: JSONValue = [
        "type": "object",
        "required": ["type", "title", "status", "detail"],
        "properties": [
            "type": ["type": "string"],
            "title": ["type": "string"],
            "status": ["type": "integer"],
            "detail": ["type": "string"],
            "instance": ["type": "string"],
            "errors": [
                "type": "array",
                "items": [
                    "type": "object",
                    "required": ["field", "code", "message"],
                    "properties": ["field": ["type": "string"], "code": ["type": "string"], "message": ["type": "string"]],
                ],
            ],
        ],
    ]
}
