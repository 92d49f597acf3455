import Foundation
import NexusDomain
import NexusEvents

/// Decodes a request body's bytes into a request type, strictly: well-formed JSON, then the JSON
/// checked against the schema derived from the type (no unknown fields, no missing ones, the
/// right JSON types) and for NUL in strings, then the type's own decoding. Independent of HTTP, so that it can be
/// fuzzed on its own (ops/fuzz).
enum RequestBodyDecoder {
    /// Why a body was refused.
    enum Failure: Error {
        /// Not JSON at all.
        case malformed
        /// JSON of the wrong shape: every bad field.
        case invalid([FieldError])
    }

    static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws(Failure) -> T {
        let json: JSONValue
        do {
            json = try JSONDecoder().decode(JSONValue.self, from: data)
        } catch {
            throw .malformed
        }
        let shapeErrors = RequestSchemas.schema(of: T.self).map { schemaErrors(json, schema: $0, path: "") } ?? []
        let errors = shapeErrors + nulErrors(json, path: "")
        guard errors.isEmpty else { throw .invalid(errors) }
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch let error as DecodingError {
            throw .invalid([fieldError(error)])
        } catch {
            throw .invalid([FieldError(field: "body", code: "invalid", message: "\(error)")])
        }
    }

    /// A field error for every string in `value` that holds NUL, which no field can store
    /// (PostgreSQL refuses it in `text` and `jsonb`).
    static func nulErrors(_ value: JSONValue, path: String) -> [FieldError] {
        switch value {
        case .string(let text) where text.unicodeScalars.contains("\u{0}"):
            [FieldError(field: path.isEmpty ? "body" : path, code: "nul_character", message: "must not contain NUL (\\u0000)")]
        case .object(let members):
            members.keys.sorted().flatMap { nulErrors(members[$0]!, path: path.isEmpty ? $0 : "\(path).\($0)") }
        case .array(let items):
            items.enumerated().flatMap { nulErrors($1, path: "\(path)[\($0)]") }
        default:
            []
        }
    }

    /// Where `value` breaks `schema`: unknown keys, missing required keys and wrong JSON types, recursively.
    static func schemaErrors(_ value: JSONValue, schema: JSONValue, path: String) -> [FieldError] {
        guard case .object(let schemaObject) = schema else { return [] }
        let field = path.isEmpty ? "body" : path
        if case .string(let expected)? = schemaObject["type"], !matches(value, type: expected) {
            return [FieldError(field: field, code: "wrong_type", message: "must be \(article(expected)) \(expected)")]
        }
        if case .array(let allowed)? = schemaObject["enum"], !allowed.contains(value) {
            let names = allowed.compactMap { if case .string(let name) = $0 { name } else { nil } }
            return [FieldError(field: field, code: "invalid_value", message: "must be one of \(names.joined(separator: ", "))")]
        }
        switch value {
        case .object(let object):
            guard case .object(let properties)? = schemaObject["properties"] else { return [] }
            var errors: [FieldError] = []
            if case .array(let required)? = schemaObject["required"] {
                for case .string(let key) in required where object[key] == nil || object[key] == .null {
                    errors.append(FieldError(field: path.isEmpty ? key : "\(path).\(key)", code: "missing", message: "is required"))
                }
            }
            for key in object.keys.sorted() {
                let child = path.isEmpty ? key : "\(path).\(key)"
                guard let propertySchema = properties[key] else {
                    errors.append(FieldError(field: child, code: "unknown_field", message: "is not a known field"))
                    continue
                }
                if object[key] != .null { errors += schemaErrors(object[key]!, schema: propertySchema, path: child) }
            }
            return errors
        case .array(let items):
            guard let itemSchema = schemaObject["items"] else { return [] }
            return items.enumerated().flatMap { schemaErrors($1, schema: itemSchema, path: "\(path)[\($0)]") }
        default:
            return []
        }
    }

    private static func matches(_ value: JSONValue, type: String) -> Bool {
        switch (type, value) {
        case ("object", .object), ("array", .array), ("string", .string), ("integer", .integer), ("boolean", .bool),
             ("number", .integer), ("number", .number): true
        default: false
        }
    }

    private static func article(_ type: String) -> String {
        type == "object" || type == "array" || type == "integer" ? "an" : "a"
    }

    static func fieldError(_ error: DecodingError) -> FieldError {
        switch error {
        case .typeMismatch(let type, let context):
            FieldError(field: path(context.codingPath), code: "wrong_type", message: "must be \(describe(type))")
        case .valueNotFound(let type, let context):
            FieldError(field: path(context.codingPath), code: "missing", message: "must be \(describe(type)), not null")
        case .keyNotFound(let key, let context):
            FieldError(field: path(context.codingPath + [key]), code: "missing", message: "is required")
        case .dataCorrupted(let context):
            FieldError(field: path(context.codingPath), code: "invalid", message: context.debugDescription)
        @unknown default:
            FieldError(field: "body", code: "invalid", message: "\(error)")
        }
    }

    static func path(_ codingPath: [any CodingKey]) -> String {
        var text = ""
        for key in codingPath {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        return text.isEmpty ? "body" : text
    }

    static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type, is Int64.Type: "an integer"
        case is Bool.Type: "a boolean"
        default: "\(type)".contains("Dictionary") ? "an object" : "\(type)".contains("Array") ? "an array" : "a \(type)"
        }
    }
}
