import Foundation
import NexusDomain
import NexusEvents
import Testing

@Suite("Admin roster: the last active admin stays")
struct AdminRosterTests {
    let alice = UUID(uuidString: "00000000-0000-0000-0000-00000000000A")!
    let bob = UUID(uuidString: "00000000-0000-0000-0000-00000000000B")!

    func roster(_ admins: UUID...) -> AdminRosterState {
        given(AdminRosterState(), AdminRosterState.evolve, admins.map { .adminRosterChanged(AdminRosterChanged(userId: $0, isAdmin: true)) })
    }

    func admin(_ id: UUID) -> UserState { Fixture.user(.admin, id: id) }

    @Test func theLastActiveAdminCannotBeDemotedOrDeactivated() {
        for after in [Fixture.user(.customer, id: alice), Fixture.user(.admin, id: alice, active: false)] {
            expectRejection(.lastActiveAdmin, fields: ["userId"]) { () throws(DomainError) in
                try AdminRoster.decide(userId: alice, before: admin(alice), after: after, roster: roster(alice))
            }
        }
    }

    @Test func anAdminMayLeaveWhileAnotherIsActive() throws {
        let events = try AdminRoster.decide(
            userId: alice, before: admin(alice), after: Fixture.user(.auditor, id: alice), roster: roster(alice, bob),
            others: [bob: admin(bob)])
        #expect(events == [.adminRosterChanged(AdminRosterChanged(userId: alice, isAdmin: false))])
        #expect(given(roster(alice, bob), AdminRosterState.evolve, events).admins == [bob])
    }

    @Test func aStaleRosterEntryDoesNotCountAsAnAdmin() {
        // Given bob is listed but was demoted by a change that did not go through the roster.
        expectRejection(.lastActiveAdmin, fields: ["userId"]) { () throws(DomainError) in
            try AdminRoster.decide(
                userId: alice, before: admin(alice), after: Fixture.user(.customer, id: alice), roster: roster(alice, bob),
                others: [bob: Fixture.user(.customer, id: bob)])
        }
    }

    @Test func becomingAnAdminJoinsAndOtherChangesLeaveTheRosterAlone() throws {
        #expect(try AdminRoster.decide(userId: bob, before: Fixture.user(.customer, id: bob), after: admin(bob), roster: roster(alice))
            == [.adminRosterChanged(AdminRosterChanged(userId: bob, isAdmin: true))])
        #expect(try AdminRoster.decide(userId: bob, before: Fixture.user(.customer, id: bob), after: Fixture.user(.auditor, id: bob), roster: roster(alice)).isEmpty)
        #expect(try AdminRoster.decide(userId: alice, before: admin(alice), after: admin(alice), roster: roster(alice)).isEmpty)
    }

    @Test func aDatabaseFromBeforeTheRosterGetsItCreatedFromItsAdminsFirst() throws {
        // Given a log with admins alice and bob, a demoted carol, a deactivated dave, an erased erin, no roster.
        let carol = UUID(), dave = UUID()
        let erin = UUID()
        var seed = AdminRosterSeed()
        for (type, id, role) in [
            (UserRegistered.eventType, alice, UserRole.admin), (UserRegistered.eventType, bob, .customer),
            (UserRoleChanged.eventType, bob, .admin), (UserRegistered.eventType, carol, .admin),
            (UserRegistered.eventType, dave, .admin), (UserRegistered.eventType, erin, .admin),
            (UserRoleChanged.eventType, carol, .customer),
        ] { seed.add(type: type, userId: id, role: role) }
        seed.add(type: UserDeactivated.eventType, userId: dave, role: nil)
        seed.add(type: UserErased.eventType, userId: erin, role: nil)
        seed.add(type: UserProfileUpdated.eventType, userId: carol, role: nil)
        #expect(seed.activeAdmins == [alice, bob])
        // When bob is demoted, then the roster is created with both, then bob leaves it.
        let events = try AdminRoster.decide(
            userId: bob, before: admin(bob), after: Fixture.user(.customer, id: bob), roster: AdminRosterState(),
            seed: seed.activeAdmins, others: [alice: admin(alice)])
        #expect(events == [
            .adminRosterChanged(AdminRosterChanged(userId: alice, isAdmin: true)),
            .adminRosterChanged(AdminRosterChanged(userId: bob, isAdmin: true)),
            .adminRosterChanged(AdminRosterChanged(userId: bob, isAdmin: false)),
        ])
        #expect(events.allSatisfy { $0.streamName == Streams.adminRoster })
        #expect(given(AdminRosterState(), AdminRosterState.evolve, events) == {
            var state = AdminRosterState()
            state.admins = [alice]
            state.exists = true
            return state
        }())
    }
}
