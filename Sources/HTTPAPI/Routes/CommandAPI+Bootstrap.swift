import Foundation
import Logging
import NexusDomain
import NexusEvents

extension CommandAPI {
    /// Registers the first admin unless the email is already registered (so every start may run it).
    func bootstrap(_ admin: HTTPServerConfiguration.BootstrapAdmin, logger: Logger) async throws {
        var validator = Validator()
        validator.password(admin.password, field: "bootstrapAdmin.password")
        try validator.check()
        let emailStream = Streams.userEmail(admin.email)
        let taken = try await executor.state(of: emailStream, EmailReservationState(), EmailReservationState.evolve)
        guard taken.holder == nil else {
            logger.info("bootstrap admin already registered", metadata: ["email": "\(admin.email)"])
            return
        }
        let hash = await hasher.hash(admin.password)
        let userId = UUID()
        let stream = Streams.user(userId)
        let command = CommandRequest(principal: nil, idempotencyKey: "bootstrap:\(Streams.normalizedEmail(admin.email))", ifMatch: nil)
        _ = try await executor.execute(command, stream: stream) { reader in
            try UserDecider.decide(
                .register(userId: userId, email: admin.email, name: admin.name, role: .admin, passwordHash: hash, at: Date()),
                try await reader.fold(stream, UserDecider.initialState, UserDecider.evolve),
                email: try await reader.fold(emailStream, EmailReservationState(), EmailReservationState.evolve))
        }
        logger.notice("bootstrap admin registered", metadata: ["email": "\(admin.email)", "userId": "\(userId)"])
    }
}
