/// The AsyncAPI 3.0 document for the Kafka topics: one channel per area, messages keyed by stream
/// name, CloudEvents 1.0 binary-mode headers.
enum AsyncAPIDocument {
    static func document() -> JSONValue {
        var channels: [String: JSONValue] = [:]
        var operations: [String: JSONValue] = [:]
        var messages: [String: JSONValue] = [:]
        for area in EventArea.allCases {
            let types = EventContract.payloadTypes.filter { $0.area == area }
            var channelMessages: [String: JSONValue] = [:]
            for type in types {
                let name = messageName(type)
                messages[name] = message(type)
                channelMessages[name] = ["$ref": .string("#/components/messages/\(name)")]
            }
            channels[area.rawValue] = [
                "address": .string(area.topic),
                "title": .string("Events of the \(area.rawValue) area"),
                "description": .string(
                    "Topic `\(area.topic)` (a deployment may add a prefix). Key = stream name, so one entity's events stay ordered on one partition. Delivery is at least once: deduplicate on `\(CloudEvents.Header.id)`."
                ),
                "messages": .object(channelMessages),
            ]
            operations["publish\(area.rawValue.capitalized)"] = [
                "action": "send",
                "title": .string("The relay publishes \(area.rawValue) events"),
                "channel": ["$ref": .string("#/channels/\(area.rawValue)")],
                "messages": .array(types.map { ["$ref": .string("#/channels/\(area.rawValue)/messages/\(messageName($0))")] }),
            ]
        }
        return [
            "asyncapi": "3.0.0",
            "info": [
                "title": "Nexus events",
                "version": "1.0.0",
                "description": "Events published by Nexus, an event-sourced order and inventory service. Payload schemas live in `schemas/`, one per event type and schema version; see README.md for the evolution rule.",
            ],
            "defaultContentType": "application/json",
            "channels": .object(channels),
            "operations": .object(operations),
            "components": ["messages": .object(messages)],
        ]
    }

    static func messageName(_ type: any EventPayload.Type) -> String {
        "\(type.eventType).v\(type.schemaVersion)"
    }

    static func message(_ type: any EventPayload.Type) -> JSONValue {
        [
            "name": .string(type.eventType),
            "title": .string("\(type.eventType) v\(type.schemaVersion)"),
            "summary": .string(type.summary),
            "contentType": "application/json",
            "headers": headers(type),
            "payload": ["$ref": .string("./schemas/\(type.typeKey).json")],
            "bindings": [
                "kafka": [
                    "key": ["type": "string", "description": "The stream name, e.g. `order-<uuid>`."],
                    "bindingVersion": "0.5.0",
                ]
            ],
        ]
    }

    static func headers(_ type: any EventPayload.Type) -> JSONValue {
        [
            "type": "object",
            "required": .array(CloudEvents.Header.all.map(JSONValue.string)),
            "properties": [
                CloudEvents.Header.specVersion: ["type": "string", "const": .string(CloudEvents.specVersion)],
                CloudEvents.Header.id: ["type": "string", "format": "uuid", "description": "The event id; the dedupe key."],
                CloudEvents.Header.type: ["type": "string", "const": .string(type.cloudEventType)],
                CloudEvents.Header.source: ["type": "string", "description": "The producing service, e.g. `/nexus`."],
                CloudEvents.Header.subject: ["type": "string", "description": "The stream name (same as the message key)."],
                CloudEvents.Header.time: ["type": "string", "format": "date-time", "description": "When the event was recorded (RFC 3339, UTC)."],
                CloudEvents.Header.contentType: ["type": "string", "const": .string(CloudEvents.contentType)],
                CloudEvents.Header.streamVersion: ["type": "string", "pattern": "^[1-9][0-9]*$", "description": "The event's version in its stream, as decimal text."],
                CloudEvents.Header.position: ["type": "string", "pattern": "^[1-9][0-9]*$", "description": "The event's global position in the store, as decimal text."],
            ],
        ]
    }
}
