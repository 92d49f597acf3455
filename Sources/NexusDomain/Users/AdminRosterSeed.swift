public import Foundation
public import NexusEvents

/// The active admins of a log that has no roster yet, folded from its user events in log order:
/// who holds the role admin, minus who was deactivated or erased. Keeps two sets of ids, not
/// every user, and reads only ids and roles (no personal field), so it can fold sealed events.
public struct AdminRosterSeed: Sendable, Equatable {
    private var admins: Set<UUID> = []
    private var ended: Set<UUID> = []

    /// An empty log.
    public init() {}

    /// The user event types the fold reads; others change nothing.
    public static let eventTypes: Set<String> = [
        UserRegistered.eventType, UserRoleChanged.eventType, UserDeactivated.eventType, UserErased.eventType,
    ]

    /// Folds one event of type `type` about `userId` (`role`: the role it grants, if any).
    public mutating func add(type: String, userId: UUID, role: UserRole?) {
        switch type {
        case UserRegistered.eventType, UserRoleChanged.eventType:
            if role == .admin { admins.insert(userId) } else { admins.remove(userId) }
        case UserDeactivated.eventType, UserErased.eventType:
            ended.insert(userId)
        default:
            break
        }
    }

    /// The active admins.
    public var activeAdmins: Set<UUID> { admins.subtracting(ended) }
}
