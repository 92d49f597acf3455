import Foundation

/// The readers for every stored (type, version): current payloads decode directly,
/// legacy payloads decode into their old shape and are upcast, one step per version.
enum EventRegistry {
    typealias Reader = @Sendable (Data) throws -> NexusEvent

    /// Legacy payload types still readable from the store, with their upcast to the current event.
    static let upcasters: [EventTypeKey: Reader] = [
        StockAdjustedV1.typeKey: { data in
            .stockAdjusted(try EventJSON.decoder().decode(StockAdjustedV1.self, from: data).upcast())
        },
        UserRegisteredV1.typeKey: { data in
            .userRegistered(try EventJSON.decoder().decode(UserRegisteredV1.self, from: data).upcast())
        },
        UserEmailReservedV1.typeKey: { data in
            .userEmailReserved(try EventJSON.decoder().decode(UserEmailReservedV1.self, from: data).upcast())
        },
    ]

    /// Every readable (type, version).
    static let readers: [EventTypeKey: Reader] = {
        var readers = upcasters
        for type in NexusEvent.currentTypes {
            readers[type.typeKey] = currentReader(type)
        }
        return readers
    }()

    /// The payload types that exist only to be read and upcast.
    static let legacyTypes: [any EventPayload.Type] = [StockAdjustedV1.self, UserRegisteredV1.self, UserEmailReservedV1.self]

    private static func currentReader<P: EventPayload>(_ type: P.Type) -> Reader {
        { data in
            let payload = try EventJSON.decoder().decode(P.self, from: data)
            guard let event = NexusEvent(payload) else {
                throw EventDecodingError(code: .unknownEventType, key: P.typeKey, reason: "not a current event")
            }
            return event
        }
    }
}
