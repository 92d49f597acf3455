import Crypto
import EventStore
import Foundation
import NexusEvents
import Privacy
import Testing

@Suite("What events look like on their way out of the store")
struct EventExitTests {
    let subject = UUID()
    let key = SymmetricKey(size: .bits256)

    func recorded(_ type: String, _ version: Int, _ json: String) throws -> RecordedEvent {
        RecordedEvent(
            id: UUID(), stream: try StreamName("user-\(subject.uuidString.lowercased())"), version: 1, position: 1, type: type,
            schemaVersion: version, data: Data(json.utf8), metadata: EventMetadata(), recordedAt: Date(), hash: "00")
    }

    func seal(_ text: String) throws -> String {
        let box = try AES.GCM.seal(Data(text.utf8), using: key, authenticating: PersonalDataEnvelope.associatedData(subject))
        return PersonalDataEnvelope(subject: subject, sealed: try #require(box.combined)).text
    }

    func object(_ event: RecordedEvent) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: event.data) as? [String: Any])
    }

    func open(_ envelope: PersonalDataEnvelope) -> String {
        guard let box = try? AES.GCM.SealedBox(combined: envelope.sealed),
              let clear = try? AES.GCM.open(box, using: key, authenticating: envelope.associatedData)
        else { return "?" }
        return String(decoding: clear, as: UTF8.self)
    }

    @Test func aLegacyRegistrationLosesItsHashOnEveryWayOut() throws {
        let event = try recorded("UserRegistered", 1, #"""
            {"email":"a@example.com","name":"Ann","passwordHash":"$2b$12$abc","registeredAt":"2026-11-01T00:00:00.000Z","role":"customer","userId":"\#(subject)"}
            """#)
        for mode in [EventExit.Mode.revealed, .sealed] {
            let out = EventExit.transform(event, mode: mode, states: [:], open: open)
            let fields = try object(out)
            #expect(fields["passwordHash"] == nil && fields["email"] as? String == "a@example.com")
            #expect(out.hash == event.hash && out.position == event.position, "only the data changes")
        }
        #expect(EventExit.holdsClearPersonalData(event))
    }

    @Test func sealedFieldsAreRevealedForReadersAndStaySealedForPublication() throws {
        let envelope = try seal("Ann")
        let event = try recorded("UserProfileUpdated", 1, #"{"name":"\#(envelope)","userId":"\#(subject)"}"#)
        let states: [UUID: DataKeyState] = [subject: .active(key)]
        #expect(try object(EventExit.transform(event, mode: .revealed, states: states, open: open))["name"] as? String == "Ann")
        #expect(EventExit.transform(event, mode: .sealed, states: states, open: open).data == event.data)
        #expect(!EventExit.holdsClearPersonalData(event))
        #expect(EventExit.subjects(of: [event]) == [subject])
    }

    @Test func anErasedPersonReadsAsTheMarkerSealedOrInClear() throws {
        let sealed = try recorded("UserProfileUpdated", 1, #"{"name":"\#(try seal("Ann"))","userId":"\#(subject)"}"#)
        let clear = try recorded("UserProfileUpdated", 1, #"{"name":"Ann","userId":"\#(subject)"}"#)
        for event in [sealed, clear] {
            for mode in [EventExit.Mode.revealed, .sealed] {
                let out = EventExit.transform(event, mode: mode, states: [subject: .erased], open: open)
                #expect(try object(out)["name"] as? String == PersonalData.erasedMarker)
            }
        }
    }

    @Test func eventsWithoutPersonalFieldsKeepTheirStoredBytes() throws {
        let event = try recorded("UserRoleChanged", 1, #"{"role":"admin", "userId":"\#(subject)"}"#)
        #expect(EventExit.transform(event, mode: .revealed, states: [subject: .erased], open: open).data == event.data)
    }

    @Test func envelopesRoundTripAndRejectForgeries() throws {
        let text = try seal("Ann")
        let envelope = try #require(PersonalDataEnvelope(text))
        #expect(envelope.subject == subject && envelope.text == text)
        #expect(open(envelope) == "Ann")
        var moved = envelope
        moved.subject = UUID()
        #expect(open(moved) == "?", "an envelope moved to another person does not open")
        for bad in ["Ann", PersonalData.erasedMarker, "pd1.", "pd1.not-a-uuid.AAAA", "pd1.\(subject).short"] {
            #expect(PersonalDataEnvelope(bad) == nil)
        }
    }

    @Test func theEmailLookupIsKeyedAndNormalises() {
        let lookup = EmailLookup(secret: Data(repeating: 1, count: 32))
        #expect(lookup.key(for: " Ann@Example.COM ") == lookup.key(for: "ann@example.com"))
        #expect(lookup.key(for: "ann@example.com").count == 64 && !lookup.key(for: "ann@example.com").contains("ann"))
        #expect(EmailLookup(secret: Data(repeating: 2, count: 32)).key(for: "ann@example.com") != lookup.key(for: "ann@example.com"))
        #expect(lookup.reservationStreams(for: "Ann@Example.com") == ["useremail-\(lookup.key(for: "ann@example.com"))", "useremail-ann@example.com"])
    }

    @Test func keysAndSecretsMustHaveTheirLengths() throws {
        #expect(throws: PrivacyError.self) { try MasterKey(bytes: Array(repeating: 1, count: 31)) }
        #expect(throws: PrivacyError.self) { try MasterKey(base64: "not base64!") }
        let master = try MasterKey(bytes: Array(repeating: 1, count: 32))
        #expect(master.id.count == 16)
        #expect(throws: PrivacyError.self) { try PrivacyConfiguration(masterKey: master, emailLookupSecret: Data(count: 31)) }
    }
}
