public import EventStore
import Foundation
public import NexusEvents

extension PersonalDataVault {
    /// `events` as they may leave the store (see ``EventExit``), looking up the key states of
    /// their persons in one query.
    public func exit(_ events: [RecordedEvent], mode: EventExit.Mode) async throws(PrivacyError) -> [RecordedEvent] {
        guard events.contains(where: { PersonalData.fields(of: EventExit.key($0)) != nil }) else { return events }
        let parsed = events.map(EventExit.parse)
        let subjects = EventExit.subjects(of: parsed.compactMap { $0 })
        let states = subjects.isEmpty ? [:] : try await states(of: subjects)
        return zip(events, parsed).map { event, parsed in
            parsed.map { EventExit.transform($0, mode: mode, states: states) { open($0, states: states) } } ?? event
        }
    }

    /// Read-model values as clients see them: envelopes opened (or the erased marker), other text unchanged.
    public func reveal(_ texts: [String]) async throws(PrivacyError) -> [String] {
        let envelopes = texts.map(PersonalDataEnvelope.init)
        let subjects = Set(envelopes.compactMap { $0?.subject })
        guard !subjects.isEmpty else { return texts }
        let states = try await states(of: subjects)
        return zip(texts, envelopes).map { text, envelope in envelope.map { open($0, states: states) } ?? text }
    }

    /// `data` with every personal field of its (type, version) sealed under the key of the
    /// person its `userId` names; other events unchanged.
    func sealPersonalFields(of data: EventData) async throws(PrivacyError) -> EventData {
        guard let fields = PersonalData.fields(of: EventTypeKey(eventType: data.type, schemaVersion: data.schemaVersion)),
              !fields.personal.isEmpty,
              case .object(var object)? = try? JSONDecoder().decode(JSONValue.self, from: data.data)
        else { return data }
        guard let subject = EventExit.subject(object) else {
            throw PrivacyError(.invalidConfiguration, "an event with personal fields names no person", context: ["type": data.type])
        }
        var changed = false
        for field in fields.personal {
            guard case .string(let text)? = object[field], PersonalDataEnvelope(text) == nil else { continue }
            object[field] = .string(try await seal(text, for: subject))
            changed = true
        }
        guard changed else { return data }
        var sealed = data
        sealed.data = EventExit.encode(.object(object))
        return sealed
    }
}
