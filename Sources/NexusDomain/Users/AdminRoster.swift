public import Foundation
public import NexusEvents

/// The active administrators, folded from the admin roster stream (``Streams/adminRoster``).
///
/// Every change that makes a user an active admin or ends that (registration as admin, a role
/// change to or from admin, the deactivation of an admin) appends an ``AdminRosterChanged`` to
/// the roster in the same atomic append as the user's own event, with the roster's version as
/// expected version. Two concurrent changes therefore cannot both decide from the same roster:
/// the second loses the version check and is decided again from the roster the first left, so
/// the last active admin can never be demoted or deactivated, whatever the timing.
///
/// A database from before the roster has admins but no roster stream: the first decision that
/// needs the roster creates it from the log (``AdminRosterSeed``), expected version "no stream".
public struct AdminRosterState: Sendable, Equatable {
    /// The users the roster lists as active admins.
    public var admins: Set<UUID> = []
    /// Whether the roster stream has events (else it still has to be created from the log).
    public var exists = false

    /// A roster that does not exist yet.
    public init() {}

    /// Folds one event of the roster stream.
    public static func evolve(_ state: Self, _ event: NexusEvent) -> Self {
        guard case .adminRosterChanged(let change) = event else { return state }
        var next = state
        next.exists = true
        if change.isAdmin { next.admins.insert(change.userId) } else { next.admins.remove(change.userId) }
        return next
    }
}

/// The decisions about the roster (see ``AdminRosterState``).
public enum AdminRoster {
    /// Whether `user` administers the shop: registered, active, with the role admin.
    public static func isActiveAdmin(_ user: UserState) -> Bool {
        user.isRegistered && user.isActive && user.role == .admin
    }

    /// The roster events of a user change from `before` to `after` (the user's state with the
    /// change's events folded in): none unless the user becomes or stops being an active admin.
    ///
    /// - Parameters:
    ///   - roster: the roster as read; when it does not exist yet, `seed` lists the active admins
    ///     found in the log and the events create the roster with them first.
    ///   - others: the states of other users the roster lists, as read; stopping being an admin is
    ///     allowed only when one of them is an active admin (so a roster entry that went stale
    ///     through a change made without the roster never counts).
    /// - Throws: ``DomainError/Code/lastActiveAdmin`` when the change would leave no active admin.
    public static func decide(
        userId: UUID, before: UserState, after: UserState, roster: AdminRosterState, seed: Set<UUID> = [],
        others: [UUID: UserState] = [:]
    ) throws(DomainError) -> [NexusEvent] {
        let (wasAdmin, isAdmin) = (isActiveAdmin(before), isActiveAdmin(after))
        guard wasAdmin != isAdmin else { return [] }
        if wasAdmin, !others.contains(where: { $0.key != userId && isActiveAdmin($0.value) }) {
            throw DomainError(.lastActiveAdmin, "the last active admin cannot be demoted or deactivated", details: [
                FieldError(field: "userId", code: "last_active_admin", message: "promote another admin first"),
            ])
        }
        return (roster.exists ? [] : creation(seed)) + [.adminRosterChanged(AdminRosterChanged(userId: userId, isAdmin: isAdmin))]
    }

    /// The events that create the roster with `admins` (the active admins found in the log).
    public static func creation(_ admins: Set<UUID>) -> [NexusEvent] {
        admins.sorted { $0.uuidString < $1.uuidString }.map { .adminRosterChanged(AdminRosterChanged(userId: $0, isAdmin: true)) }
    }
}
