import EventStore
import Foundation
import Logging
import NexusDomain
import NexusEvents

extension CommandAPI {
    /// The events of a user change, `events` decided from `before`, followed by the admin
    /// roster's events when the change makes the user an active admin or ends that (see
    /// ``NexusDomain/AdminRosterState``): read the roster (creating it from the log when a
    /// database from before it has none) and, when an admin stops being one, the other listed
    /// admins until one is found active. The roster is appended to with the version read, so a
    /// concurrent change of another admin makes one of the two decide again.
    func withRosterEvents(
        _ events: [NexusEvent], userId: UUID, before: UserState, reader: StreamReader
    ) async throws -> [NexusEvent] {
        let after = events.reduce(before, UserDecider.evolve)
        guard AdminRoster.isActiveAdmin(before) != AdminRoster.isActiveAdmin(after) else { return events }
        let (roster, seed) = try await adminRoster(reader)
        let others = AdminRoster.isActiveAdmin(before) ? try await firstActiveAdmin(among: roster.admins.union(seed), except: userId, reader) : [:]
        return events + (try AdminRoster.decide(userId: userId, before: before, after: after, roster: roster, seed: seed, others: others))
    }

    /// The roster as `reader` folds it and, when its stream does not exist yet, the active admins
    /// found in the log to create it with.
    func adminRoster(_ reader: StreamReader) async throws -> (AdminRosterState, seed: Set<UUID>) {
        let roster = try await reader.fold(Streams.adminRoster, AdminRosterState(), AdminRosterState.evolve)
        return (roster, roster.exists ? [] : try await rosterSeed())
    }

    /// The user states read of `candidates` (by id order, but `userId`) up to the first active
    /// admin among them.
    func firstActiveAdmin(among candidates: Set<UUID>, except userId: UUID, _ reader: StreamReader) async throws -> [UUID: UserState] {
        var read: [UUID: UserState] = [:]
        for id in candidates.subtracting([userId]).sorted(by: { $0.uuidString < $1.uuidString }) {
            let user = try await reader.fold(Streams.user(id), UserDecider.initialState, UserDecider.evolve)
            read[id] = user
            if AdminRoster.isActiveAdmin(user) { break }
        }
        return read
    }

    /// Creates the roster from the log if it does not exist yet (at start-up, so that the scan
    /// of the user events a database from before the roster needs happens once, before any
    /// request; the commands can do the same when they find no roster).
    func ensureAdminRoster(logger: Logger) async throws {
        let command = CommandRequest(principal: nil, idempotencyKey: nil, ifMatch: nil)
        let result = try await executor.execute(command, stream: Streams.adminRoster) { reader in
            let (roster, seed) = try await adminRoster(reader)
            return roster.exists ? [] : AdminRoster.creation(seed)
        }
        if !result.appended.isEmpty {
            logger.notice("admin roster created from the log", metadata: ["admins": "\(result.appended.first?.version ?? 0)"])
        }
    }

    /// The active admins of the log, folded from every user event as stored
    /// (``NexusDomain/AdminRosterSeed``: ids and roles only, so nothing needs revealing).
    private func rosterSeed() async throws -> Set<UUID> {
        var seed = AdminRosterSeed()
        var after: Int64 = 0
        while true {
            let page: [RecordedEvent]
            do {
                page = try await log.readAll(after: after, limit: 10_000)
            } catch {
                throw Problem(storeError: error)
            }
            guard let last = page.last else { return seed.activeAdmins }
            for event in page where AdminRosterSeed.eventTypes.contains(event.type) && event.stream.category == "user" {
                guard let facts = try? JSONDecoder().decode(UserFacts.self, from: event.data) else {
                    throw Problem.unavailable("stored event \(event.stream) v\(event.version) cannot be read")
                }
                seed.add(type: event.type, userId: facts.userId, role: facts.role)
            }
            after = last.position
        }
    }
}

/// What the roster needs of a stored user event: whose it is and the role it grants.
private struct UserFacts: Decodable {
    var userId: UUID
    var role: UserRole?
}
