import Foundation
public import NexusEvents

/// The user aggregate (`user-<uuid>`) and its email reservation (`useremail-<key>`).
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
            next.credentialVersion = 1
            next.isActive = true
        case .userProfileUpdated(let e): next.name = e.name
        case .userRoleChanged(let e): next.role = e.role
        case .userDeactivated: next.isActive = false
        case .userPasswordChanged(let e): next.credentialVersion = e.credentialVersion
        case .userErased:
            next.email = PersonalData.erasedMarker
            next.name = PersonalData.erasedMarker
            next.isActive = false
            next.isErased = true
        default: break
        }
        return next
    }

    /// Decides a command. Registration needs the email's reservation state (every stream the
    /// email may be reserved under) and emits both the registration and the reservation (to
    /// be appended atomically, the reservation stream with expected version "no stream").
    public static func decide(
        _ command: UserCommand, _ state: UserState, email reservation: EmailReservationState = EmailReservationState()
    ) throws(DomainError) -> [NexusEvent] {
        if case .register(let userId, let email, let name, let role, let key, let at) = command {
            return try register(userId: userId, email: email, name: name, role: role, reservationKey: key, at: at, state, reservation)
        }
        let userId = try existing(state)
        if case .erase(let key, let at) = command {
            guard !state.isErased else { return [] }
            var events: [NexusEvent] = [.userErased(UserErased(userId: userId, erasedAt: at))]
            if let key { events.append(.userEmailReleased(UserEmailReleased(reservationKey: key, userId: userId))) }
            return events
        }
        guard !state.isErased else { throw DomainError(.invalidTransition, "the user's data was erased") }
        switch command {
        case .updateProfile(let name):
            var validator = Validator()
            validator.text(name, field: "name", max: Validator.Limits.name)
            try validator.check()
            return name == state.name ? [] : [.userProfileUpdated(UserProfileUpdated(userId: userId, name: name))]
        case .changeRole(let role):
            guard state.isActive else { throw DomainError(.invalidTransition, "the user is deactivated") }
            return role == state.role ? [] : [.userRoleChanged(UserRoleChanged(userId: userId, role: role))]
        case .deactivate(let at):
            guard state.isActive else { throw DomainError(.invalidTransition, "the user is already deactivated") }
            return [.userDeactivated(UserDeactivated(userId: userId, deactivatedAt: at))]
        case .changePassword(let from, let reset, let at):
            guard state.isActive else { throw DomainError(.invalidTransition, "the user is deactivated") }
            guard from == state.credentialVersion else {
                throw DomainError(.invalidTransition, "the password changed meanwhile; try again")
            }
            return [.userPasswordChanged(UserPasswordChanged(userId: userId, credentialVersion: from + 1, reset: reset, changedAt: at))]
        case .register, .erase:
            return []
        }
    }

    private static func register(
        userId: UUID, email: String, name: String, role: UserRole, reservationKey: String, at: Date,
        _ state: UserState, _ reservation: EmailReservationState
    ) throws(DomainError) -> [NexusEvent] {
        let normalized = Streams.normalizedEmail(email)
        var validator = Validator()
        validator.email(normalized, field: "email")
        validator.text(name, field: "name", max: Validator.Limits.name)
        try validator.check()
        guard !state.isRegistered else { throw DomainError(.alreadyExists, "the user already exists") }
        guard reservation.holder == nil else {
            throw DomainError(.alreadyExists, "the email is already registered", details: [
                FieldError(field: "email", code: "taken", message: "is already registered"),
            ])
        }
        return [
            .userRegistered(UserRegistered(userId: userId, email: normalized, name: name, role: role, registeredAt: at)),
            .userEmailReserved(UserEmailReserved(reservationKey: reservationKey, userId: userId)),
        ]
    }

    private static func existing(_ state: UserState) throws(DomainError) -> UUID {
        guard let userId = state.userId else { throw DomainError(.notFound, "no such user") }
        return userId
    }
}
