public import Foundation
public import NexusEvents

/// Who holds an email, folded from its `useremail-<key>` reservation stream.
public struct EmailReservationState: Sendable, Equatable {
    /// The user holding the email, if any.
    public var holder: UUID?

    /// A free email.
    public init() {}

    /// Folds one event of the reservation stream.
    public static func evolve(_ state: Self, _ event: NexusEvent) -> Self {
        var next = state
        switch event {
        case .userEmailReserved(let reserved): next.holder = reserved.userId
        case .userEmailReleased(let released) where released.userId == state.holder: next.holder = nil
        default: break
        }
        return next
    }
}
