import Foundation

/// The decoder behind ``SchemaInference``: records what is asked and returns placeholders.
struct RecordingDecoder: Decoder {
    let shape: SchemaInference.Shape
    var codingPath: [any CodingKey] = []
    var userInfo: [CodingUserInfoKey: Any] = [:]

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        shape.kind = .object
        return KeyedDecodingContainer(RecordingKeyedContainer<Key>(shape: shape))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        RecordingUnkeyedContainer(shape: shape)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        RecordingSingleValueContainer(shape: shape)
    }

    /// A placeholder of a primitive type.
    static func placeholder<T>(_ type: T.Type) -> T? {
        switch type {
        case is String.Type: "" as? T
        case is Bool.Type: false as? T
        case is Int.Type: 0 as? T
        case is Int64.Type: Int64(0) as? T
        case is Int32.Type: Int32(0) as? T
        case is Double.Type: 0.0 as? T
        case is Float.Type: Float(0) as? T
        default: nil
        }
    }

    /// Describes any decodable type, primitive or not.
    static func describe<T: Decodable>(_ type: T.Type) throws -> (schema: JSONValue, value: T) {
        if let schema = SchemaInference.primitive(type), let value = placeholder(type) {
            return (schema, value)
        }
        return try SchemaInference.describe(type)
    }
}

struct RecordingKeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let shape: SchemaInference.Shape
    var codingPath: [any CodingKey] = []
    var allKeys: [Key] { [] }

    func contains(_ key: Key) -> Bool { true }
    /// Called by the default `decodeIfPresent` implementations: marks the key optional.
    func decodeNil(forKey key: Key) throws -> Bool {
        shape.optional.insert(key.stringValue)
        return false
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        let (schema, value) = try RecordingDecoder.describe(type)
        shape.properties[key.stringValue] = schema
        if !shape.optional.contains(key.stringValue) { shape.required.append(key.stringValue) }
        return value
    }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        shape.properties[key.stringValue] = try RecordingDecoder.describe(type).schema
        return nil
    }

    func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type, forKey key: Key
    ) throws -> KeyedDecodingContainer<NestedKey> {
        throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "nested containers are not described")
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "nested containers are not described")
    }

    func superDecoder() throws -> any Decoder { RecordingDecoder(shape: shape) }
    func superDecoder(forKey key: Key) throws -> any Decoder { RecordingDecoder(shape: shape) }
}

struct RecordingUnkeyedContainer: UnkeyedDecodingContainer {
    let shape: SchemaInference.Shape
    var codingPath: [any CodingKey] = []
    var count: Int? { 1 }
    var isAtEnd: Bool { currentIndex > 0 }
    var currentIndex = 0

    mutating func decodeNil() throws -> Bool { false }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let (schema, value) = try RecordingDecoder.describe(type)
        shape.kind = .array(items: schema)
        currentIndex += 1
        return value
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        throw DecodingError.dataCorruptedError(in: self, debugDescription: "nested containers are not described")
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        throw DecodingError.dataCorruptedError(in: self, debugDescription: "nested containers are not described")
    }

    mutating func superDecoder() throws -> any Decoder { RecordingDecoder(shape: shape) }
}

struct RecordingSingleValueContainer: SingleValueDecodingContainer {
    let shape: SchemaInference.Shape
    var codingPath: [any CodingKey] = []

    func decodeNil() -> Bool { false }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let (schema, value) = try RecordingDecoder.describe(type)
        shape.kind = .value(schema)
        return value
    }
}
