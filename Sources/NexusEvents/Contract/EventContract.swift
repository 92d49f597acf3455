/// The event contract (`events/`): a JSON Schema and a sample per event type and version,
/// and the AsyncAPI document for the Kafka topics, all generated from the Swift types.
public enum EventContract {
    /// Every payload type in the contract: current ones, then legacy versions still readable.
    public static var payloadTypes: [any EventPayload.Type] {
        NexusEvent.currentTypes + EventRegistry.legacyTypes
    }

    /// The generated files, keyed by path relative to the `events/` directory.
    public static func files() throws -> [String: String] {
        var files: [String: String] = [:]
        for type in payloadTypes {
            files["schemas/\(type.typeKey).json"] = try schema(of: type).prettyText()
            files["samples/\(type.typeKey).json"] = try sample(of: type).prettyText()
        }
        files["asyncapi.json"] = AsyncAPIDocument.document().prettyText()
        return files
    }

    /// The JSON Schema (draft 2020-12) of one payload type.
    public static func schema(of type: any EventPayload.Type) throws -> JSONValue {
        guard case .object(var schema) = try SchemaInference.schema(of: type) else {
            return [:]
        }
        if case .object(var properties)? = schema["properties"] {
            for field in type.personalFields {
                guard case .object(var property)? = properties[field] else { continue }
                property["x-personal-data"] = true
                property["description"] = .string(
                    "Personal data: an envelope `pd1.<userId>.<sealed>` (AES-256-GCM under the person's key), "
                        + "`\(PersonalData.erasedMarker)` once the person was erased, or clear text in events written before sealing.")
                properties[field] = .object(property)
            }
            for field in type.secretFields {
                guard case .object(var property)? = properties[field] else { continue }
                property["x-removed-on-read"] = true
                property["description"] = "A secret that older events stored; removed wherever the event is read or published."
                properties[field] = .object(property)
            }
            schema["properties"] = .object(properties)
        }
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["$id"] = .string("https://nexus.example/events/schemas/\(type.typeKey).json")
        schema["title"] = .string("\(type.eventType) v\(type.schemaVersion)")
        schema["description"] = .string(type.summary)
        schema["x-nexus-event-type"] = .string(type.eventType)
        schema["x-nexus-schema-version"] = .integer(type.schemaVersion)
        schema["x-nexus-cloudevents-type"] = .string(type.cloudEventType)
        return .object(schema)
    }

    /// The sample payload of one type, as the JSON the store and Kafka carry.
    public static func sample(of type: any EventPayload.Type) throws -> JSONValue {
        let data = try EventJSON.encoder().encode(type.sample)
        return try EventJSON.decoder().decode(JSONValue.self, from: data)
    }
}
