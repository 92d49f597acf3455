public import Foundation
public import NexusEvents

/// Who holds an email, folded from the `useremail-<email>` reservation stream.
public struct EmailReservationState: Sendable, Equatable {
    /// The user holding the email, if any.
    public var holder: UUID?

    /// A free email.
    public init() {}

    /// Folds one event of the reservation stream.
    public static func evolve(_ state: Self, _ event: NexusEvent) -> Self {
        guard case .userEmailReserved(let reserved) = event else { return state }
        var next = state
        next.holder = reserved.userId
        return next
    }
}
