import Foundation
import Logging
import NexusDomain
import NexusEvents
import Synchronization

extension CommandAPI {
    /// What the start-up repair found.
    enum AdminRepair: Sendable {
        /// Some user is an active admin: nothing to repair.
        case notNeeded
        /// No active admin: the bootstrap admin was made an admin again.
        case restored
        /// No active admin, and the bootstrap admin is deactivated or erased (both are final).
        case deactivated
    }

    /// Makes the bootstrap admin (`userId`, who holds the bootstrap email) an admin again when
    /// the database has no active admin at all (a database locked out before the last-admin
    /// guard existed): its role becomes admin, its password stays as it is. A deactivated or
    /// erased bootstrap admin cannot be restored; that is logged as an error, and configuring
    /// another bootstrap email registers a new admin at the next start. Logs the user id, never
    /// the email.
    func repairAdmins(bootstrapAdmin userId: UUID, logger: Logger) async throws {
        let stream = Streams.user(userId)
        let finding = Mutex(AdminRepair.notNeeded)
        _ = try await executor.execute(CommandRequest(principal: nil, idempotencyKey: nil, ifMatch: nil), stream: stream) { reader in
            let user = try await reader.fold(stream, UserDecider.initialState, UserDecider.evolve)
            let (roster, seed) = try await adminRoster(reader)
            let others = try await firstActiveAdmin(among: roster.admins.union(seed), except: userId, reader)
            let repair: AdminRepair =
                AdminRoster.isActiveAdmin(user) || others.values.contains(where: AdminRoster.isActiveAdmin) ? .notNeeded
                : user.isActive ? .restored : .deactivated
            finding.withLock { $0 = repair }
            guard repair == .restored else { return [] }
            return try await withRosterEvents(try UserDecider.decide(.changeRole(.admin), user), userId: userId, before: user, reader: reader)
        }
        switch finding.withLock({ $0 }) {
        case .notNeeded:
            logger.info("bootstrap admin already registered", metadata: ["userId": "\(userId)"])
        case .restored:
            logger.notice("no active admin: the bootstrap admin is an admin again", metadata: ["userId": "\(userId)"])
        case .deactivated:
            logger.error(
                "no active admin, and the bootstrap admin is deactivated: set another bootstrap admin email to register a new admin",
                metadata: ["userId": "\(userId)"])
        }
    }
}
