/// Which fields of which stored events hold personal data or (in legacy versions) secrets, and
/// the marker shown where erased personal data stood. The facts come from the payload types'
/// ``EventPayload/personalFields`` and ``EventPayload/secretFields``.
public enum PersonalData {
    /// What every reader shows in place of a personal field whose person was erased.
    public static let erasedMarker = "[erased]"
    /// The payload field naming the person whose key seals an event's personal fields.
    public static let subjectField = "userId"

    /// The personal and secret fields of one stored (type, version).
    public struct Fields: Sendable, Equatable {
        /// Fields about the person named by ``PersonalData/subjectField``.
        public var personal: [String]
        /// Fields removed on every way out of the store.
        public var secret: [String]
    }

    /// The fields of `key`, or `nil` when its events hold neither personal data nor secrets.
    public static func fields(of key: EventTypeKey) -> Fields? {
        catalog[key]
    }

    /// The event types that hold personal data or secrets in some version.
    public static var eventTypes: Set<String> { Set(catalog.keys.map(\.eventType)) }

    private static let catalog: [EventTypeKey: Fields] = {
        var catalog: [EventTypeKey: Fields] = [:]
        for type in EventContract.payloadTypes where !type.personalFields.isEmpty || !type.secretFields.isEmpty {
            catalog[type.typeKey] = Fields(personal: type.personalFields, secret: type.secretFields)
        }
        return catalog
    }()
}
