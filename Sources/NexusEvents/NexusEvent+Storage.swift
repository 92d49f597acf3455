public import Foundation

extension NexusEvent {
    /// The stored event type name.
    public var eventType: String { type(of: payload).eventType }
    /// The schema version written for this event.
    public var schemaVersion: Int { type(of: payload).schemaVersion }
    /// The topic area.
    public var area: EventArea { type(of: payload).area }
    /// The stream the event belongs to.
    public var streamName: String { payload.streamName }
    /// The CloudEvents type, e.g. `nexus.orders.OrderPlaced.v1`.
    public var cloudEventType: String { type(of: payload).cloudEventType }

    /// The JSON bytes stored as event data.
    public func encodedData() -> Data {
        // Encoding these plain structs of strings, numbers, dates and arrays cannot fail.
        (try? EventJSON.encoder().encode(payload)) ?? Data("{}".utf8)
    }

    /// Decodes stored event data of any known type and schema version, upcasting older versions.
    public static func decode(eventType: String, schemaVersion: Int, data: Data) throws(EventDecodingError) -> NexusEvent {
        let key = EventTypeKey(eventType: eventType, schemaVersion: schemaVersion)
        guard let reader = EventRegistry.readers[key] else {
            throw EventDecodingError(code: .unknownEventType, key: key, reason: "no reader for \(key)")
        }
        do {
            return try reader(data)
        } catch {
            throw EventDecodingError(code: .invalidData, key: key, reason: String(describing: error))
        }
    }
}
