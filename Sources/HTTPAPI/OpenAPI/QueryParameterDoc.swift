/// The OpenAPI description of one URL query parameter.
public struct QueryParameterDoc: Sendable {
    /// The parameter name.
    public var name: String
    /// Its JSON Schema type: `string` or `integer`.
    public var type: String
    /// What it means.
    public var description: String
    /// Whether the route needs it.
    public var required: Bool

    /// Creates a description.
    public init(_ name: String, _ type: String, _ description: String, required: Bool = false) {
        self.name = name
        self.type = type
        self.description = description
        self.required = required
    }
}
