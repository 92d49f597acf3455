import Foundation
import NexusDomain
import NexusEvents
import Testing

@Suite("User decider")
struct UserDeciderTests {
    static let key = "5b0e4f2ad1c3978e6f0b2a4c8d1e3f5a7b9c0d2e4f6a8b0c1d3e5f7a9b2c4d6e"

    let registered: [NexusEvent] = [
        .userRegistered(UserRegistered(
            userId: Fixture.userId, email: "bob@example.com", name: "Bob", role: .customer, registeredAt: Fixture.now)),
    ]

    func register(email: String = "Bob@Example.com ", name: String = "Bob") -> UserCommand {
        .register(userId: Fixture.userId, email: email, name: name, role: .customer, reservationKey: Self.key, at: Fixture.now)
    }

    @Test func registeringEmitsTheUserAndTheReservationUnderItsKeyNeverTheEmail() throws {
        let events = try UserDecider.decide(register(), UserDecider.initialState)
        #expect(events == [
            .userRegistered(UserRegistered(
                userId: Fixture.userId, email: "bob@example.com", name: "Bob", role: .customer, registeredAt: Fixture.now)),
            .userEmailReserved(UserEmailReserved(reservationKey: Self.key, userId: Fixture.userId)),
        ])
        #expect(events.map(\.streamName) == [Streams.user(Fixture.userId), "useremail-\(Self.key)"])
        #expect(given(UserDecider.initialState, UserDecider.evolve, events).credentialVersion == 1)
    }

    @Test func aTakenEmailIsRejectedAndAReleasedOneIsFree() throws {
        let other = UUID()
        let reservation = given(EmailReservationState(), EmailReservationState.evolve, [
            .userEmailReserved(UserEmailReserved(reservationKey: Self.key, userId: other)),
        ])
        expectRejection(.alreadyExists, fields: ["email"]) { () throws(DomainError) in
            try UserDecider.decide(register(), UserDecider.initialState, email: reservation)
        }
        let released = given(reservation, EmailReservationState.evolve, [
            .userEmailReleased(UserEmailReleased(reservationKey: Self.key, userId: other)),
        ])
        #expect(released.holder == nil)
        #expect(try UserDecider.decide(register(), UserDecider.initialState, email: released).count == 2)
    }

    @Test func aLegacyReservationUpcastsToItsEmailKey() throws {
        let data = Data(#"{"email":"bob@example.com","userId":"\#(Fixture.userId.uuidString)"}"#.utf8)
        let event = try NexusEvent.decode(eventType: "UserEmailReserved", schemaVersion: 1, data: data)
        #expect(event == .userEmailReserved(UserEmailReserved(reservationKey: "bob@example.com", userId: Fixture.userId)))
        #expect(event.streamName == "useremail-bob@example.com")
    }

    @Test func aLegacyRegistrationLosesItsPasswordHashWhenUpcast() throws {
        let data = Data(#"""
            {"email":"bob@example.com","name":"Bob","passwordHash":"$2b$12$secret","registeredAt":"2026-11-01T00:00:00.000Z","role":"customer","userId":"\#(Fixture.userId.uuidString)"}
            """#.utf8)
        let event = try NexusEvent.decode(eventType: "UserRegistered", schemaVersion: 1, data: data)
        guard case .userRegistered(let registered) = event else { Issue.record("not a registration: \(event)"); return }
        #expect(registered.email == "bob@example.com")
        #expect(!String(decoding: event.encodedData(), as: UTF8.self).contains("secret"))
    }

    @Test func registeringTwiceIsRejected() {
        let state = given(UserDecider.initialState, UserDecider.evolve, registered)
        expectRejection(.alreadyExists) { () throws(DomainError) in try UserDecider.decide(register(), state) }
    }

    @Test(arguments: ["", "no-at-sign", "a@b", "two@@example.com", "sp ace@example.com"])
    func invalidEmailsAreRejected(email: String) {
        expectRejection(.validationFailed, fields: ["email"]) { () throws(DomainError) in
            try UserDecider.decide(register(email: email), UserDecider.initialState)
        }
    }

    @Test func blankOrOverlongNamesAreRejected() {
        expectRejection(.validationFailed, fields: ["name"]) { () throws(DomainError) in
            try UserDecider.decide(register(name: "   "), UserDecider.initialState)
        }
        expectRejection(.validationFailed, fields: ["name"]) { () throws(DomainError) in
            try UserDecider.decide(register(name: String(repeating: "x", count: 201)), UserDecider.initialState)
        }
    }

    @Test func profileRoleAndDeactivation() throws {
        var state = given(UserDecider.initialState, UserDecider.evolve, registered)
        #expect(try UserDecider.decide(.updateProfile(name: "Robert"), state)
            == [.userProfileUpdated(UserProfileUpdated(userId: Fixture.userId, name: "Robert"))])
        #expect(try UserDecider.decide(.updateProfile(name: "Bob"), state) == [])
        #expect(try UserDecider.decide(.changeRole(.admin), state)
            == [.userRoleChanged(UserRoleChanged(userId: Fixture.userId, role: .admin))])
        let deactivation = try UserDecider.decide(.deactivate(at: Fixture.now), state)
        #expect(deactivation == [.userDeactivated(UserDeactivated(userId: Fixture.userId, deactivatedAt: Fixture.now))])
        state = given(state, UserDecider.evolve, deactivation)
        #expect(!state.isActive)
        expectRejection(.invalidTransition) { () throws(DomainError) in try UserDecider.decide(.deactivate(at: Fixture.now), state) }
        expectRejection(.invalidTransition) { () throws(DomainError) in try UserDecider.decide(.changeRole(.admin), state) }
        expectRejection(.invalidTransition) { () throws(DomainError) in
            try UserDecider.decide(.changePassword(from: 1, reset: true, at: Fixture.now), state)
        }
    }

    @Test func aPasswordChangeMovesToTheNextCredentialOnlyFromTheOneInForce() throws {
        let state = given(UserDecider.initialState, UserDecider.evolve, registered)
        let change = try UserDecider.decide(.changePassword(from: 1, reset: false, at: Fixture.now), state)
        #expect(change == [.userPasswordChanged(UserPasswordChanged(userId: Fixture.userId, credentialVersion: 2, reset: false, changedAt: Fixture.now))])
        let changed = given(state, UserDecider.evolve, change)
        #expect(changed.credentialVersion == 2)
        expectRejection(.invalidTransition) { () throws(DomainError) in
            try UserDecider.decide(.changePassword(from: 1, reset: true, at: Fixture.now), changed)
        }
    }

    @Test func erasureMarksThePersonReleasesTheEmailAndEndsEverything() throws {
        let state = given(UserDecider.initialState, UserDecider.evolve, registered)
        let erasure = try UserDecider.decide(.erase(reservationKey: Self.key, at: Fixture.now), state)
        #expect(erasure == [
            .userErased(UserErased(userId: Fixture.userId, erasedAt: Fixture.now)),
            .userEmailReleased(UserEmailReleased(reservationKey: Self.key, userId: Fixture.userId)),
        ])
        let erased = given(state, UserDecider.evolve, erasure)
        #expect(erased.isErased && !erased.isActive)
        #expect(erased.email == PersonalData.erasedMarker && erased.name == PersonalData.erasedMarker)
        #expect(try UserDecider.decide(.erase(reservationKey: nil, at: Fixture.now), erased) == [])
        for command in [UserCommand.updateProfile(name: "X"), .changeRole(.admin), .changePassword(from: 1, reset: true, at: Fixture.now)] {
            expectRejection(.invalidTransition) { () throws(DomainError) in try UserDecider.decide(command, erased) }
        }
    }

    @Test func commandsOnAnUnknownUserAreRejected() {
        for command in [
            UserCommand.updateProfile(name: "X"), .changeRole(.admin), .deactivate(at: Fixture.now),
            .changePassword(from: 0, reset: true, at: Fixture.now), .erase(reservationKey: nil, at: Fixture.now),
        ] {
            expectRejection(.notFound) { () throws(DomainError) in try UserDecider.decide(command, UserDecider.initialState) }
        }
    }

    @Test func anInvalidNewNameIsRejected() {
        let state = given(UserDecider.initialState, UserDecider.evolve, registered)
        expectRejection(.validationFailed, fields: ["name"]) { () throws(DomainError) in
            try UserDecider.decide(.updateProfile(name: "bad\u{7}name"), state)
        }
    }

    @Test(arguments: [
        "short", String(repeating: "p", count: 73), "abc\u{0}defgh-secret", "tab\tinside-password", "newline\nin-password",
        "del\u{7F}character!", String(repeating: "é", count: 37),
    ])
    func passwordsBcryptWouldCutShortOrTruncateAreRejected(password: String) {
        var validator = Validator()
        validator.password(password, field: "password")
        #expect(validator.errors.map(\.field) == ["password"])
    }

    @Test(arguments: ["eight-ch", String(repeating: "p", count: 72), "pässwörd-with-ümlauts", String(repeating: "é", count: 36)])
    func passwordsOfEightToSeventyTwoBytesAreAccepted(password: String) {
        var validator = Validator()
        validator.password(password, field: "password")
        #expect(validator.errors.isEmpty)
    }
}
