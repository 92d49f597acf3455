public import HTTPTypes
public import NexusEvents

/// The OpenAPI description of one route. Every route of the API has one; a test checks that the
/// documented routes and the registered routes are the same set.
public struct RouteDoc: Sendable {
    /// The HTTP method.
    public var method: HTTPRequest.Method
    /// The path in OpenAPI form, e.g. `/products/{sku}`.
    public var path: String
    /// A one-line summary.
    public var summary: String
    /// The OpenAPI tag (area).
    public var tag: String
    /// Who may call it: `public`, or role names.
    public var access: String
    /// The JSON Schema of the request body, if it takes one.
    public var requestBody: JSONValue?
    /// The success status and the JSON Schema of its body.
    public var success: (status: Int, schema: JSONValue)
    /// The error statuses it can answer (problem+json).
    public var errors: [Int]
    /// Whether it honours `Idempotency-Key` and `If-Match`.
    public var isCommand: Bool
    /// Its URL query parameters.
    public var queryParameters: [QueryParameterDoc] = []
    /// Headers of its success response, name → description.
    public var responseHeaders: [String: String] = [:]
    /// Whether it answers 304 to a matching `If-None-Match`.
    public var supportsNotModified = false
    /// The media types of its success body (default `application/json`).
    public var successContentTypes = ["application/json"]
    /// Error statuses answered with a JSON body of this schema instead of problem+json.
    public var alternativeResponses: [Int: JSONValue] = [:]
    /// The security scheme of a route that is not public (default `bearer`, a user's token).
    public var securityScheme = "bearer"
    /// Schemas of path parameters, by name (default: any string).
    public var pathParameters: [String: JSONValue] = [:]

    /// Creates a route description.
    public init(
        _ method: HTTPRequest.Method, _ path: String, summary: String, tag: String, access: String,
        requestBody: JSONValue? = nil, success: (status: Int, schema: JSONValue), errors: [Int], isCommand: Bool = false
    ) {
        self.method = method
        self.path = path
        self.summary = summary
        self.tag = tag
        self.access = access
        self.requestBody = requestBody
        self.success = success
        self.errors = errors
        self.isCommand = isCommand
    }
}
