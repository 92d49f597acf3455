import Crypto
import EventStore
import Foundation
import Hummingbird
import NexusDomain
import NexusEvents
import Privacy

extension CommandAPI {
    /// Password change and reset, erasure, and the data-key endpoint for trusted consumers.
    func registerAccountRoutes(on builder: APIBuilder) {
        builder.add(.command(
            .post, "/users/{id}/password", "Change your own password (needs the current one); older tokens stop working",
            tag: "users", access: "the user themself", body: ChangePasswordRequest.self
        )) { request, context in
            let userId = try uuidParameter("id", context)
            let principal = try context.require(.admin, .customer, .auditor)
            guard principal.userId == userId else { throw Problem.forbidden("only your own password; admins reset others'") }
            let body = try await body(ChangePasswordRequest.self, request)
            return try await changePassword(userId, to: body.newPassword, current: body.currentPassword, request, context)
        }
        builder.add(.command(
            .post, "/users/{id}/password-reset", "Set a user's password; older tokens stop working",
            tag: "users", access: "admin", body: ResetPasswordRequest.self
        )) { request, context in
            let userId = try uuidParameter("id", context)
            _ = try context.require(.admin)
            let body = try await body(ResetPasswordRequest.self, request)
            return try await changePassword(userId, to: body.newPassword, current: nil, request, context)
        }
        var erasure = RouteDoc.command(
            .post, "/users/{id}/erasure",
            "Erase a person's data: their key is destroyed, personal fields everywhere read as the erased marker, the email is released",
            tag: "users", access: "the user themself or admin")
        erasure.success = (200, (try? SchemaInference.schema(of: ErasureResult.self)) ?? [:])
        builder.add(erasure) { request, context in
            let userId = try uuidParameter("id", context)
            let principal = try context.require(.admin, .customer, .auditor)
            guard principal.role == .admin || principal.userId == userId else { throw Problem.forbidden("only your own data") }
            return try await erase(userId, request, context)
        }
        builder.add(RouteDoc(
            .get, "/personal-data/keys/{id}", summary: "A person's data key, to open sealed personal fields read from Kafka (410 once erased)",
            tag: "users", access: "admin", success: (200, (try? SchemaInference.schema(of: DataKeyResponse.self)) ?? [:]),
            errors: [401, 403, 404, 410, 429, 503]
        )) { _, context in
            let subject = try uuidParameter("id", context)
            _ = try context.require(.admin)
            return try await dataKey(subject)
        }
    }

    /// Stores the new hash as the next credential version, then appends the switch to it.
    func changePassword(
        _ userId: UUID, to newPassword: String, current: String?, _ request: Request, _ context: NexusRequestContext
    ) async throws -> Response {
        var validator = Validator()
        validator.password(newPassword, field: "newPassword")
        do { try validator.check() } catch { throw Problem(error) }
        let command = try self.command(request, context)
        let user = try await executor.state(of: Streams.user(userId), UserDecider.initialState, UserDecider.evolve)
        guard user.isRegistered, !user.isErased else { throw Problem.notFound("no user \(userId.uuidString.lowercased())") }
        if let current {
            guard case .signedIn = try await signIn.attempt(email: user.email, password: current) else {
                throw Problem.invalidBody([.init(field: "currentPassword", code: "wrong_password", message: "is not the current password")])
            }
        }
        let next = user.credentialVersion + 1
        try await storingCredentials { try await privacy.credentials.save(await hasher.hash(newPassword), for: userId, version: next) }
        let stream = Streams.user(userId)
        let result = try await executor.execute(command, stream: stream) { reader in
            try UserDecider.decide(
                .changePassword(from: user.credentialVersion, reset: current == nil, at: Date()),
                try await reader.fold(stream, UserDecider.initialState, UserDecider.evolve))
        }
        try? await privacy.credentials.remove(userId, before: next)
        return try Self.respond(result)
    }

    /// Appends the erasure (and the release of the email), then destroys the person's key and
    /// credentials. A retry after a failure between the two completes the destruction.
    func erase(_ userId: UUID, _ request: Request, _ context: NexusRequestContext) async throws -> Response {
        let command = try self.command(request, context)
        let stream = Streams.user(userId)
        let user = try await executor.state(of: stream, UserDecider.initialState, UserDecider.evolve)
        guard user.isRegistered else { throw Problem.notFound("no user \(userId.uuidString.lowercased())") }
        var reservation: String?
        if !user.isErased {
            for name in privacy.emailLookup.reservationStreams(for: user.email) where reservation == nil {
                let holder = try await executor.state(of: name, EmailReservationState(), EmailReservationState.evolve).holder
                if holder == userId { reservation = name }
            }
        }
        let reservationKey = reservation.map { String($0.dropFirst(Streams.userEmail(reservationKey: "").count)) }
        let result = try await executor.execute(command, stream: stream) { reader in
            let current = try await reader.fold(stream, UserDecider.initialState, UserDecider.evolve)
            let events = try UserDecider.decide(.erase(reservationKey: reservationKey, at: Date()), current)
            return try await withRosterEvents(events, userId: userId, before: current, reader: reader)
        }
        do {
            try await privacy.vault.erase(userId)
            try await privacy.credentials.remove(userId, before: nil)
            if !user.isErased { try await privacy.throttle.reset(privacy.emailLookup.key(for: user.email)) }
        } catch {
            throw Problem.unavailable("the erasure was recorded but the key could not be destroyed yet; retry")
        }
        var inClear = 0
        for name in [stream] + (reservation.map { [$0] } ?? []) { inClear += try await eventsInClear(name) }
        return try Self.json(ErasureResult(result: result, eventsWithPersonalDataInClear: inClear))
    }

    /// How many of `stream`'s stored events hold personal data in clear (written before sealing;
    /// a legacy email reservation also names the email in its stream).
    private func eventsInClear(_ stream: String) async throws -> Int {
        guard let name = try? StreamName(stream) else { return 0 }
        do {
            return try await log.readStream(name).filter(EventExit.holdsClearPersonalData).count
        } catch {
            throw Problem(storeError: error)
        }
    }

    private func dataKey(_ subject: UUID) async throws -> Response {
        let state: DataKeyState?
        do {
            state = try await privacy.vault.states(of: [subject])[subject]
        } catch {
            throw Problem.unavailable("personal data keys cannot be read")
        }
        switch state {
        case .active(let key)?:
            let bytes = key.withUnsafeBytes { Data($0) }
            var response = try Self.json(DataKeyResponse(subject: subject, algorithm: "AES-256-GCM", key: bytes.base64EncodedString()))
            response.headers[.cacheControl] = "no-store"
            return response
        case .erased?: throw Problem.erased("the person's data was erased; drop every copy")
        case .absent?, nil: throw Problem.notFound("no data key for \(subject.uuidString.lowercased())")
        }
    }
}
