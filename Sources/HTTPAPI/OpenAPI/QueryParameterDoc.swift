public import NexusEvents

/// The OpenAPI description of one URL query parameter.
public struct QueryParameterDoc: Sendable {
    /// The parameter name.
    public var name: String
    /// Its JSON Schema, with the limits the server enforces (range, length, values).
    public var schema: JSONValue
    /// What it means.
    public var description: String
    /// Whether the route needs it.
    public var required: Bool

    /// Creates a description of a parameter of JSON Schema type `type` (`string` or `integer`).
    public init(_ name: String, _ type: String, _ description: String, required: Bool = false) {
        self.init(name, schema: ["type": .string(type)], description, required: required)
    }

    /// Creates a description with a full schema.
    public init(_ name: String, schema: JSONValue, _ description: String, required: Bool = false) {
        self.name = name
        self.schema = schema
        self.description = description
        self.required = required
    }

    /// An integer parameter the server accepts only within `range`.
    public static func integer(_ name: String, in range: ClosedRange<Int64>, _ description: String, required: Bool = false) -> Self {
        Self(name, schema: ["type": "integer", "format": "int64", "minimum": .integer(Int(range.lowerBound)),
                            "maximum": .integer(Int(range.upperBound))], description, required: required)
    }

    /// A text parameter of 1 to `maxLength` characters.
    public static func text(_ name: String, maxLength: Int, _ description: String) -> Self {
        Self(name, schema: ["type": "string", "minLength": 1, "maxLength": .integer(maxLength)], description)
    }
}
