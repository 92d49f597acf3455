public import EventStore
public import Foundation
public import NexusEvents

/// What an event looks like on its way out of the store, decided per stored (type, version)
/// from ``PersonalData/fields(of:)``:
/// - secret fields of legacy versions (the bcrypt hash of `UserRegistered` v1) are removed;
/// - personal fields of an erased person read as ``PersonalData/erasedMarker``, whether sealed
///   or (in events written before sealing) in clear;
/// - when revealing, sealed personal fields read as their clear text; when publishing they
///   stay sealed (consumers fetch keys from the API, so an erasure also blinds old copies).
///
/// Events without such fields keep their stored bytes untouched.
public enum EventExit {
    /// How personal fields leave.
    public enum Mode: Sendable {
        /// Clear text for readers holding the keys (history, export, replay, commands).
        case revealed
        /// Sealed, for publication (Kafka).
        case sealed
    }

    /// The persons whose key states `events` need: envelope subjects, and the subjects of
    /// events holding personal fields in clear.
    public static func subjects(of events: [RecordedEvent]) -> Set<UUID> {
        subjects(of: events.compactMap(parse))
    }

    /// An event with personal or secret fields, its data parsed once for ``subjects(of:)`` and ``transform(_:mode:states:open:)``.
    struct Parsed {
        var event: RecordedEvent
        var fields: PersonalData.Fields
        var object: [String: JSONValue]
    }

    /// `event` parsed, or `nil` when its (type, version) holds neither personal data nor secrets
    /// (or its data is not a JSON object).
    static func parse(_ event: RecordedEvent) -> Parsed? {
        guard let fields = PersonalData.fields(of: key(event)),
              case .object(let object)? = try? JSONDecoder().decode(JSONValue.self, from: event.data)
        else { return nil }
        return Parsed(event: event, fields: fields, object: object)
    }

    static func subjects(of parsed: [Parsed]) -> Set<UUID> {
        var subjects: Set<UUID> = []
        for item in parsed {
            let (fields, object) = (item.fields, item.object)
            for field in fields.personal {
                guard case .string(let text)? = object[field] else { continue }
                if let envelope = PersonalDataEnvelope(text) {
                    subjects.insert(envelope.subject)
                } else if let subject = subject(object) {
                    subjects.insert(subject)
                }
            }
        }
        return subjects
    }

    /// `event` as it may leave the store, given the key states of its persons
    /// (a subject missing from `states` is treated as not erased and its envelopes stay sealed).
    public static func transform(
        _ event: RecordedEvent, mode: Mode, states: [UUID: DataKeyState],
        open: (PersonalDataEnvelope) -> String
    ) -> RecordedEvent {
        parse(event).map { transform($0, mode: mode, states: states, open: open) } ?? event
    }

    static func transform(
        _ parsed: Parsed, mode: Mode, states: [UUID: DataKeyState], open: (PersonalDataEnvelope) -> String
    ) -> RecordedEvent {
        let (event, fields) = (parsed.event, parsed.fields)
        var object = parsed.object
        var changed = false
        for field in fields.secret where object[field] != nil {
            object[field] = nil
            changed = true
        }
        let owner = subject(object)
        for field in fields.personal {
            guard case .string(let text)? = object[field] else { continue }
            let replacement: String
            if let envelope = PersonalDataEnvelope(text) {
                replacement = switch (mode, states[envelope.subject]) {
                case (_, .erased?): PersonalData.erasedMarker
                case (.revealed, _): open(envelope)
                case (.sealed, _): text
                }
            } else if let owner, case .erased? = states[owner] {
                replacement = PersonalData.erasedMarker
            } else {
                replacement = text
            }
            if replacement != text {
                object[field] = .string(replacement)
                changed = true
            }
        }
        guard changed else { return event }
        var copy = event
        copy.data = encode(.object(object))
        return copy
    }

    /// Whether `event` holds personal data in clear (written before sealing) that erasure cannot reach.
    public static func holdsClearPersonalData(_ event: RecordedEvent) -> Bool {
        guard let fields = PersonalData.fields(of: key(event)), !fields.personal.isEmpty,
              case .object(let object)? = try? JSONDecoder().decode(JSONValue.self, from: event.data)
        else { return false }
        return fields.personal.contains { field in
            guard case .string(let text)? = object[field] else { return false }
            return PersonalDataEnvelope(text) == nil && text != PersonalData.erasedMarker
        }
    }

    static func key(_ event: RecordedEvent) -> EventTypeKey {
        EventTypeKey(eventType: event.type, schemaVersion: event.schemaVersion)
    }

    static func subject(_ object: [String: JSONValue]) -> UUID? {
        guard case .string(let text)? = object[PersonalData.subjectField] else { return nil }
        return UUID(uuidString: text)
    }

    static func encode(_ value: JSONValue) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)) ?? Data("{}".utf8)
    }
}
