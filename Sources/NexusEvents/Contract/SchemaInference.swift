import Foundation

/// Derives a JSON Schema from a `Decodable` type by decoding it with a recording decoder:
/// every key the type asks for becomes a property, `decodeIfPresent` keys are optional,
/// and `Date`, `UUID` and ``SchemaEnumeration`` types get their string formats.
public enum SchemaInference {
    /// The JSON Schema of `type` (objects, arrays, strings, numbers; `required` lists non-optional keys).
    public static func schema<T: Decodable>(of type: T.Type) throws -> JSONValue {
        try describe(type).schema
    }

    /// The schema of `type` and a placeholder value to hand back to the decoding type.
    static func describe<T: Decodable>(_ type: T.Type) throws -> (schema: JSONValue, value: T) {
        if type == Date.self {
            return (["type": "string", "format": "date-time"], Date(timeIntervalSince1970: 0) as! T)
        }
        if type == UUID.self {
            return (["type": "string", "format": "uuid"], UUID() as! T)
        }
        if type == JSONValue.self {
            return ([:], JSONValue.null as! T)  // any JSON value
        }
        if let enumeration = type as? any SchemaEnumeration.Type {
            return (enumerationSchema(enumeration), firstCase(enumeration) as! T)
        }
        let shape = Shape()
        let value = try T(from: RecordingDecoder(shape: shape))
        return (shape.schema, value)
    }

    private static func enumerationSchema<E: SchemaEnumeration>(_ type: E.Type) -> JSONValue {
        ["type": "string", "enum": .array(E.allCases.map { .string($0.rawValue) })]
    }

    private static func firstCase<E: SchemaEnumeration>(_ type: E.Type) -> E {
        E.allCases.first!
    }

    /// What a decoding type asked for: an object, an array or a single value.
    final class Shape {
        var properties: [String: JSONValue] = [:]
        var required: [String] = []
        var optional: Set<String> = []
        var kind: Kind = .value(["type": "null"])

        enum Kind {
            case object
            case array(items: JSONValue)
            case value(JSONValue)
        }

        var schema: JSONValue {
            switch kind {
            case .object:
                var object: [String: JSONValue] = ["type": "object", "properties": .object(properties)]
                if !required.isEmpty { object["required"] = .array(required.sorted().map { .string($0) }) }
                return .object(object)
            case .array(let items):
                return ["type": "array", "items": items]
            case .value(let schema):
                return schema
            }
        }
    }

    /// The schema of a primitive type, if `type` is one.
    static func primitive(_ type: Any.Type) -> JSONValue? {
        switch type {
        case is String.Type: ["type": "string"]
        case is Bool.Type: ["type": "boolean"]
        case is Int.Type, is Int64.Type, is Int32.Type: ["type": "integer"]
        case is Double.Type, is Float.Type: ["type": "number"]
        default: nil
        }
    }
}
