import NexusEvents
import Synchronization

/// The JSON Schema of each request body type, inferred once per type (inference walks the type
/// with a decoder, which showed in the profile of every command), with the server's field limits
/// (``RequestFieldRules``). The OpenAPI document and ``JSONBody`` use the same schema.
enum RequestSchemas {
    private static let schemas = Mutex<[ObjectIdentifier: JSONValue?]>([:])

    /// The schema of `type`, or `nil` if it cannot be inferred.
    static func schema<T: Decodable>(of type: T.Type) -> JSONValue? {
        let key = ObjectIdentifier(type)
        if let known = schemas.withLock({ $0[key] }) { return known }
        let schema = (try? SchemaInference.schema(of: type)).map { RequestFieldRules.apply(to: $0) }
        schemas.withLock { $0[key] = .some(schema) }
        return schema
    }
}
