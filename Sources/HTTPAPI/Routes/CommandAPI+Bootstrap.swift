import Foundation
import Logging
import NexusDomain
import NexusEvents

extension CommandAPI {
    /// Registers the first admin unless the email is already registered (so every start may run
    /// it); when it is, and no user is an active admin any more, makes that user an admin again
    /// (``repairAdmins(bootstrapAdmin:logger:)``). Logs the user id, never the email.
    func bootstrap(_ admin: HTTPServerConfiguration.BootstrapAdmin, logger: Logger) async throws {
        var validator = Validator()
        validator.password(admin.password, field: "bootstrapAdmin.password")
        try validator.check()
        for stream in privacy.emailLookup.reservationStreams(for: admin.email) {
            let taken = try await executor.state(of: stream, EmailReservationState(), EmailReservationState.evolve)
            if let holder = taken.holder { return try await repairAdmins(bootstrapAdmin: holder, logger: logger) }
        }
        let command = CommandRequest(principal: nil, idempotencyKey: "bootstrap:\(privacy.emailLookup.key(for: admin.email))", ifMatch: nil)
        let registration = RegisterUserRequest(email: admin.email, password: admin.password, name: admin.name, role: .admin)
        let result = try await register(registration, command)
        logger.notice("bootstrap admin registered", metadata: ["userId": "\(result.id)"])
    }
}
