import Foundation
public import NexusEvents

/// The user aggregate (`user-<uuid>`) and its email reservation (`useremail-<email>`).
public enum UserDecider {
    /// A user that does not exist.
    public static let initialState = UserState()

    /// Folds one event.
    public static func evolve(_ state: UserState, _ event: NexusEvent) -> UserState {
        var next = state
        switch event {
        case .userRegistered(let e):
            next.userId = e.userId
            next.email = e.email
            next.name = e.name
            next.role = e.role
            next.passwordHash = e.passwordHash
            next.isActive = true
        case .userProfileUpdated(let e): next.name = e.name
        case .userRoleChanged(let e): next.role = e.role
        case .userDeactivated: next.isActive = false
        default: break
        }
        return next
    }

    /// Decides a command. Registration needs the email's reservation state and emits
    /// both the registration and the reservation (to be appended atomically, the reservation
    /// stream with expected version "no stream").
    public static func decide(
        _ command: UserCommand, _ state: UserState, email reservation: EmailReservationState = EmailReservationState()
    ) throws(DomainError) -> [NexusEvent] {
        switch command {
        case .register(let userId, let email, let name, let role, let passwordHash, let at):
            let normalized = Streams.normalizedEmail(email)
            var validator = Validator()
            validator.email(normalized, field: "email")
            validator.text(name, field: "name", max: Validator.Limits.name)
            if passwordHash.isEmpty { validator.fail("password", "blank", "must not be empty") }
            try validator.check()
            guard !state.isRegistered else { throw DomainError(.alreadyExists, "the user already exists") }
            guard reservation.holder == nil else {
                throw DomainError(.alreadyExists, "the email is already registered", details: [
                    FieldError(field: "email", code: "taken", message: "is already registered"),
                ])
            }
            return [
                .userRegistered(UserRegistered(
                    userId: userId, email: normalized, name: name, role: role, passwordHash: passwordHash, registeredAt: at)),
                .userEmailReserved(UserEmailReserved(email: normalized, userId: userId)),
            ]
        case .updateProfile(let name):
            let userId = try existing(state)
            var validator = Validator()
            validator.text(name, field: "name", max: Validator.Limits.name)
            try validator.check()
            return name == state.name ? [] : [.userProfileUpdated(UserProfileUpdated(userId: userId, name: name))]
        case .changeRole(let role):
            let userId = try existing(state)
            guard state.isActive else { throw DomainError(.invalidTransition, "the user is deactivated") }
            return role == state.role ? [] : [.userRoleChanged(UserRoleChanged(userId: userId, role: role))]
        case .deactivate(let at):
            let userId = try existing(state)
            guard state.isActive else { throw DomainError(.invalidTransition, "the user is already deactivated") }
            return [.userDeactivated(UserDeactivated(userId: userId, deactivatedAt: at))]
        }
    }

    private static func existing(_ state: UserState) throws(DomainError) -> UUID {
        guard let userId = state.userId else { throw DomainError(.notFound, "no such user") }
        return userId
    }
}
