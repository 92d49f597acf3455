public import EventStore
public import Foundation
public import Logging
import NexusDomain
import NexusEvents

/// Commands Nexus gives itself rather than a client: run through the same executor, deciders
/// and append path as the HTTP commands (read, decide, append with expected versions, decide
/// again after a lost race, idempotency key), recorded with the actor `system`.
public struct SystemCommands: Sendable {
    /// The actor recorded in the metadata of the events these commands append.
    public static let actor = "system"

    let executor: CommandExecutor

    /// Commands over `store` (the store as stored: these commands touch no personal data).
    public init(store: any EventStore, logger: Logger) {
        executor = CommandExecutor(
            store: store, maxAttempts: HTTPServerConfiguration.defaultMaxCommandAttempts,
            accounts: AccountCache(lifetime: .zero, capacity: 1), states: StreamStates(capacity: 1), logger: logger)
    }

    /// What a system command did.
    public enum Outcome: Sendable, Equatable {
        /// It appended events (or an earlier command with its idempotency key did), ending at `position`.
        case applied(position: Int64)
        /// Nothing needed doing; the reason says why (e.g. `the order is paid`).
        case unnecessary(String)
    }

    /// Cancels order `orderId` with `reason` if it is still placed and unpaid, releasing its
    /// stock reservations, exactly as `POST /orders/{id}/cancel` does; a paid, shipped or
    /// cancelled order is left alone. `idempotencyKey` makes a repeated call append nothing.
    /// - Throws: an error when the order does not exist or the store fails (retry later).
    public func cancelUnpaidOrder(_ orderId: UUID, reason: String, idempotencyKey: String) async throws -> Outcome {
        let stream = Streams.order(orderId)
        let command = CommandRequest(systemActor: Self.actor, idempotencyKey: idempotencyKey, fingerprint: "cancel-unpaid-order:\(reason)")
        let result = try await executor.execute(command, stream: stream) { reader in
            let order = try await reader.fold(stream, OrderDecider.initialState, OrderDecider.evolve)
            guard order.status == .placed else {
                if order.status == .none { throw DomainError(.notFound, "no such order") }
                return []
            }
            return try OrderDecider.decide(.cancel(reason: reason, at: Date()), order)
        }
        if result.replayed || !result.appended.isEmpty { return .applied(position: result.position) }
        let order = try await executor.state(of: stream, OrderDecider.initialState, OrderDecider.evolve)
        return .unnecessary("the order is \(order.status.rawValue)")
    }
}
