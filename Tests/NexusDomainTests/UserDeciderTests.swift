import Foundation
import NexusDomain
import NexusEvents
import Testing

@Suite("User decider")
struct UserDeciderTests {
    let registered: [NexusEvent] = [
        .userRegistered(UserRegistered(
            userId: Fixture.userId, email: "bob@example.com", name: "Bob", role: .customer, passwordHash: "$2b$hash",
            registeredAt: Fixture.now)),
    ]

    func register(email: String = "Bob@Example.com ", name: String = "Bob", hash: String = "$2b$hash") -> UserCommand {
        .register(userId: Fixture.userId, email: email, name: name, role: .customer, passwordHash: hash, at: Fixture.now)
    }

    @Test func registeringEmitsTheUserAndTheNormalisedEmailReservation() throws {
        let events = try UserDecider.decide(register(), UserDecider.initialState)
        #expect(events == [
            .userRegistered(UserRegistered(
                userId: Fixture.userId, email: "bob@example.com", name: "Bob", role: .customer,
                passwordHash: "$2b$hash", registeredAt: Fixture.now)),
            .userEmailReserved(UserEmailReserved(email: "bob@example.com", userId: Fixture.userId)),
        ])
        #expect(events.map(\.streamName) == [Streams.user(Fixture.userId), "useremail-bob@example.com"])
    }

    @Test func aTakenEmailIsRejected() {
        let reservation = given(EmailReservationState(), EmailReservationState.evolve, [
            .userEmailReserved(UserEmailReserved(email: "bob@example.com", userId: UUID())),
        ])
        expectRejection(.alreadyExists, fields: ["email"]) { () throws(DomainError) in
            try UserDecider.decide(register(), UserDecider.initialState, email: reservation)
        }
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

    @Test func blankOrOverlongNamesAndAMissingHashAreRejectedTogether() {
        expectRejection(.validationFailed, fields: ["name", "password"]) { () throws(DomainError) in
            try UserDecider.decide(register(name: "   ", hash: ""), UserDecider.initialState)
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
    }

    @Test func commandsOnAnUnknownUserAreRejected() {
        for command in [UserCommand.updateProfile(name: "X"), .changeRole(.admin), .deactivate(at: Fixture.now)] {
            expectRejection(.notFound) { () throws(DomainError) in try UserDecider.decide(command, UserDecider.initialState) }
        }
    }

    @Test func anInvalidNewNameIsRejected() {
        let state = given(UserDecider.initialState, UserDecider.evolve, registered)
        expectRejection(.validationFailed, fields: ["name"]) { () throws(DomainError) in
            try UserDecider.decide(.updateProfile(name: "bad\u{7}name"), state)
        }
    }

    @Test(arguments: ["short", String(repeating: "p", count: 73)])
    func passwordsOutsideEightToSeventyTwoBytesAreRejected(password: String) {
        var validator = Validator()
        validator.password(password, field: "password")
        #expect(validator.errors.map(\.field) == ["password"])
    }
}
