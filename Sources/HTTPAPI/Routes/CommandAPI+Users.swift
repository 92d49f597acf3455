import Foundation
import Hummingbird
import NexusDomain
import NexusEvents

extension CommandAPI {
    func registerUserRoutes(on builder: APIBuilder) {
        builder.add(.command(
            .post, "/users", "Register a user (anonymous callers register customers; admins any role)",
            tag: "users", access: "public (role customer); admin for other roles", body: RegisterUserRequest.self, status: 201
        )) { request, context in try await registerUser(request, context) }
        builder.add(.command(
            .patch, "/users/{id}", "Change a user's display name",
            tag: "users", access: "the user themself or admin", body: UpdateProfileRequest.self
        )) { request, context in
            let userId = try uuidParameter("id", context)
            let principal = try context.require(.admin, .customer, .auditor)
            guard principal.role == .admin || principal.userId == userId else { throw Problem.forbidden("only your own profile") }
            let body = try await body(UpdateProfileRequest.self, request)
            return try await userCommand(userId, .updateProfile(name: body.name), request, context)
        }
        builder.add(.command(
            .post, "/users/{id}/role", "Change a user's role",
            tag: "users", access: "admin", body: ChangeRoleRequest.self
        )) { request, context in
            let userId = try uuidParameter("id", context)
            _ = try context.require(.admin)
            let body = try await body(ChangeRoleRequest.self, request)
            return try await userCommand(userId, .changeRole(body.role), request, context)
        }
        builder.add(.command(.post, "/users/{id}/deactivate", "Deactivate a user", tag: "users", access: "admin")) { request, context in
            let userId = try uuidParameter("id", context)
            _ = try context.require(.admin)
            return try await userCommand(userId, .deactivate(at: Date()), request, context)
        }
    }

    func registerUser(_ request: Request, _ context: NexusRequestContext) async throws -> Response {
        let command = try self.command(request, context)
        let body = try await body(RegisterUserRequest.self, request)
        if (body.role ?? .customer) != .customer { _ = try context.require(.admin) }
        let result = try await register(body, command)
        var response = try Self.respond(result, status: .created)
        response.headers[.location] = "/users/\(result.id)"
        return response
    }

    /// Registers a user: the password's hash is stored as credential version 1 of a new user id
    /// first, then the registration and the email reservation (under its keyed hash) are
    /// appended; the personal fields are sealed on the way into the store. A hash whose
    /// registration did not commit (refused, replayed, failed) is removed again.
    func register(_ body: RegisterUserRequest, _ command: CommandRequest) async throws -> CommandResult {
        var validator = Validator()
        validator.password(body.password, field: "password")
        do { try validator.check() } catch { throw Problem(error) }
        let userId = UUID()
        let stream = Streams.user(userId)
        let reservationKey = privacy.emailLookup.key(for: body.email)
        let reservationStreams = privacy.emailLookup.reservationStreams(for: body.email)
        try await storingCredentials { try await privacy.credentials.save(await hasher.hash(body.password), for: userId, version: 1) }
        do {
            let result = try await executor.execute(command, stream: stream) { reader in
                let user = try await reader.fold(stream, UserDecider.initialState, UserDecider.evolve)
                var email = EmailReservationState()
                for name in reservationStreams where email.holder == nil {
                    email = try await reader.fold(name, EmailReservationState(), EmailReservationState.evolve)
                }
                let events = try UserDecider.decide(
                    .register(userId: userId, email: body.email, name: body.name, role: body.role ?? .customer,
                              reservationKey: reservationKey, at: Date()),
                    user, email: email)
                return try await withRosterEvents(events, userId: userId, before: user, reader: reader)
            }
            if result.id != userId.uuidString.lowercased() { try? await privacy.credentials.remove(userId, before: nil) }
            return result
        } catch {
            try? await privacy.credentials.remove(userId, before: nil)
            throw error
        }
    }

    /// Runs a credentials-table step; its failure is a 503 (nothing was appended).
    func storingCredentials(_ body: () async throws -> Void) async throws(Problem) {
        do {
            try await body()
        } catch {
            throw Problem.unavailable("credentials could not be stored; retry")
        }
    }

    func userCommand(
        _ userId: UUID, _ userCommand: UserCommand, _ request: Request, _ context: NexusRequestContext
    ) async throws -> Response {
        let command = try self.command(request, context)
        let stream = Streams.user(userId)
        let result = try await executor.execute(command, stream: stream) { reader in
            let user = try await reader.fold(stream, UserDecider.initialState, UserDecider.evolve)
            return try await withRosterEvents(try UserDecider.decide(userCommand, user), userId: userId, before: user, reader: reader)
        }
        return try Self.respond(result)
    }
}
